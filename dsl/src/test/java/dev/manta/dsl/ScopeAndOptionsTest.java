package dev.manta.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.fixtures.Worker;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link SwarmScope} and {@link TaskOptions} calls as generated code and users chain them. */
class ScopeAndOptionsTest {

  @Test
  void theScopeKnowsItsSwarmsName() {
    AtomicReference<String> name = new AtomicReference<>();
    Swarms.define("named", s -> {
      name.set(s.name());
      s.task(Worker.class);
    });
    assertEquals("named", name.get());
  }

  @Test
  void tasksAndCopiesOfAModuleSpecReturnTheirNodes() {
    ModuleSpec module = ModuleSpec.of("com.acme.Trainer");
    List<String> aliases = new ArrayList<>();
    SwarmGraph g = Swarms.define("generated", s -> {
      TaskNode first = s.task(module, t -> t.alias("first"));
      List<TaskNode> rest = s.copies(module, 2, t -> t.alias("shard"));
      rest.forEach(n -> n.after(first));
      aliases.add(first.alias());
      rest.forEach(n -> aliases.add(n.alias()));
    });
    assertEquals(List.of("first", "shard_0", "shard_1"), aliases);
    assertEquals(List.of("first"), g.task("shard_1").orElseThrow().upstreamAliases());
  }

  @Test
  void everyOptionReturnsTheOptionsSoCallsChain() {
    SwarmGraph g = Swarms.define("chained", s -> s.task(Worker.class, t -> t
        .exceptedIds("n9")
        .resources(2, "1Gi")
        .alias("chained_worker")));
    TaskSpec task = g.task("chained_worker").orElseThrow();
    assertEquals(List.of("n9"), task.exceptedIds());
    assertEquals(2.0, g.module(task.module()).orElseThrow().resources().cpu());
    assertEquals("1Gi", g.module(task.module()).orElseThrow().resources().memory());
  }

  @Test
  void aNodeNamesItsAlias() {
    AtomicReference<TaskNode> node = new AtomicReference<>();
    Swarms.define("shown", s -> node.set(s.task(Worker.class, t -> t.alias("w"))));
    assertEquals("TaskNode[w]", node.get().toString());
  }

  @Test
  void aClassOfTheJdkHasNoDescriptorAndNoDefaults() {
    // Loaded by the bootstrap loader, which Class.getClassLoader() gives as null.
    assertEquals(TaskDefaults.NONE, ModuleCatalog.defaults(String.class));
  }

  @Test
  void defaultsThatAreNoObjectSayWhatTheyMustBe() throws IOException {
    JsonNode descriptor = Json.mapper().readTree("{\"defaults\": \"ALL\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModuleCatalog.defaultsFromJson(descriptor, "a.B"));
    assertTrue(e.getMessage().contains("'defaults' must be an object, not \"ALL\""), e.getMessage());
  }

  @Test
  void fixedFalseInADescriptorIsReadAsFalse() throws IOException {
    TaskDefaults d = ModuleCatalog.defaultsFromJson(Json.mapper().readTree("{\"defaults\": {\"fixed\": false}}"), "a.B");
    assertFalse(d.fixed());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleCatalog.defaultsFromJson(
        Json.mapper().readTree("{\"defaults\": {\"fixed\": \"no\"}}"), "a.B"));
    assertTrue(e.getMessage().contains("'defaults.fixed' must be true or false, not \"no\""), e.getMessage());
  }
}
