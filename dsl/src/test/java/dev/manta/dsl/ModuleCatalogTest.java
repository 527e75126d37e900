package dev.manta.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.Driver;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.fixtures.Trainer;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Module descriptors: packaging plus the scheduling defaults a task class sets, read back for the DSL. */
class ModuleCatalogTest {
  /** Has a descriptor with defaults in the test resources. */
  public static final class Gatherer implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  /** Has no descriptor at all. */
  public static final class Plain implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  private static final TaskDefaults GATHERER = new TaskDefaults(Method.ALL, 3, null, true, List.of("n1", "n2"),
      List.of("n9"), "backend");

  private static JsonNode json(String text) throws IOException {
    return Json.mapper().readTree(text);
  }

  @Test
  void descriptorWithoutDefaultsStillReads() throws IOException {
    JsonNode old = json("""
        {"name": "trainer", "entryClass": "a.Trainer", "image": "eclipse-temurin:17-jre", "datasets": ["digits"],
         "resources": {"cpu": 2.0, "memory": "4Gi"}, "gpu": false}""");
    assertEquals(new ModuleSpec("trainer", "a.Trainer", ModuleSpec.DEFAULT_IMAGE, List.of("digits"),
        new ResourceSpec(2, "4Gi"), false), ModuleCatalog.fromJson(old, "a.Trainer"));
    assertEquals(TaskDefaults.NONE, ModuleCatalog.defaultsFromJson(old, "a.Trainer"));
    // a descriptor written before defaults existed, found in the index on the class path
    assertEquals(TaskDefaults.NONE, ModuleCatalog.defaults(Trainer.class));
    assertEquals(List.of("digits"), ModuleCatalog.lookup(Trainer.class).datasets());
    assertEquals(TaskDefaults.NONE, ModuleCatalog.defaults(Plain.class));
  }

  @Test
  void descriptorWithDefaultsReadsEverySetAttribute() throws IOException {
    assertEquals(GATHERER, ModuleCatalog.defaults(Gatherer.class));
    assertTrue(ModuleCatalog.lookup(Gatherer.class).gpu());
    TaskDefaults fraction = ModuleCatalog.defaultsFromJson(json("{\"defaults\": {\"fraction\": 0.25}}"), "a.B");
    assertEquals(new TaskDefaults(null, null, 0.25, null, null, null, null), fraction);
    assertFalse(fraction.isEmpty());
  }

  @Test
  void descriptorsAreReadFromTheIndexOfTheClassLoader(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // The test resources' index (version 2) holds Gatherer's descriptor inline.
    JsonNode gatherer = ModuleCatalog.descriptor(Gatherer.class.getName(), Gatherer.class.getClassLoader()).orElseThrow();
    assertEquals("gatherer", gatherer.path("name").asText());
    assertEquals("backend", gatherer.path("defaults").path("network").asText());
    assertTrue(ModuleCatalog.descriptor("a.NotListed", Gatherer.class.getClassLoader()).isEmpty());

    java.nio.file.Path index = dir.resolve(dev.manta.spi.SwarmIndex.PATH);
    java.nio.file.Files.createDirectories(index.getParent());
    java.nio.file.Files.writeString(index, """
        {"indexVersion": 2, "swarms": {}, "definitions": [],
         "modules": {"a.Fresh": {"name": "fresh", "descriptor": {"name": "fresh", "entryClass": "a.Fresh",
           "image": "custom:1", "gpu": true}}}}""");
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
      JsonNode fresh = ModuleCatalog.descriptor("a.Fresh", loader).orElseThrow();
      assertEquals("custom:1", ModuleCatalog.fromJson(fresh, "a.Fresh").image());
      assertTrue(ModuleCatalog.fromJson(fresh, "a.Fresh").gpu());
    }
  }

  @Test
  void aVersionOneIndexListingTheClassSaysToRecompile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path index = dir.resolve(dev.manta.spi.SwarmIndex.PATH);
    java.nio.file.Files.createDirectories(index.getParent());
    java.nio.file.Files.writeString(index, """
        {"indexVersion": 1, "swarms": {}, "definitions": [],
         "modules": {"a.Old": {"name": "old", "descriptor": "META-INF/manta/modules/a.Old.json"}}}""");
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleCatalog.descriptor("a.Old", loader));
      assertTrue(e.getMessage().contains("indexVersion 1 was written by an earlier Manta annotation processor"), e.getMessage());
      assertTrue(e.getMessage().contains("recompile that project"), e.getMessage());
      assertTrue(ModuleCatalog.descriptor("a.Other", loader).isEmpty(), "an old index that does not list the class is passed over");
    }
  }

  @Test
  void writtenDescriptorsReadBackAndListOnlySetAttributes() {
    ModuleSpec module = ModuleSpec.of("a.Gatherer");
    JsonNode written = ModuleCatalog.toJson(module, GATHERER);
    assertEquals(GATHERER, ModuleCatalog.defaultsFromJson(written, "a.Gatherer"));
    assertEquals(module, ModuleCatalog.fromJson(written, "a.Gatherer"));
    assertFalse(written.get("defaults").has("fraction"), written.toString());
    assertFalse(ModuleCatalog.toJson(module).has("defaults"));
    assertFalse(ModuleCatalog.toJson(module, TaskDefaults.NONE).has("defaults"));
    TaskDefaults labelled = new TaskDefaults(null, null, null, null, null, null, null, List.of("zone=east", "disk=ssd"));
    JsonNode withLabels = ModuleCatalog.toJson(module, labelled);
    assertEquals("[\"zone=east\",\"disk=ssd\"]", withLabels.get("defaults").get("labels").toString());
    assertEquals(labelled, ModuleCatalog.defaultsFromJson(withLabels, "a.Gatherer"));
    assertEquals(List.of("zone=east", "disk=ssd"), Swarms.define("l", s -> s.task(module, t -> t.labels(labelled.labels())
        .alias("x"))).task("x").orElseThrow().labels(), "labels(list) chains");
  }

  @Test
  void badDefaultsNameTheFieldAndTheFix() throws IOException {
    IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
        () -> ModuleCatalog.defaultsFromJson(json("{\"defaults\": {\"method\": \"SOME\"}}"), "a.B"));
    assertTrue(method.getMessage().contains("'defaults.method' must be one of [ALL, ANY, MAXIMUM, FIXED, BEST_RESOURCES]"),
        method.getMessage());
    assertTrue(method.getMessage().contains("rebuild a.B with the Manta annotation processor"), method.getMessage());
    IllegalArgumentException ids = assertThrows(IllegalArgumentException.class,
        () -> ModuleCatalog.defaultsFromJson(json("{\"defaults\": {\"specifiedIds\": \"n1\"}}"), "a.B"));
    assertTrue(ids.getMessage().contains("'defaults.specifiedIds' must be an array of strings"), ids.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ModuleCatalog.defaultsFromJson(json("{\"defaults\": [1]}"), "a.B"));
    assertThrows(IllegalArgumentException.class,
        () -> ModuleCatalog.defaultsFromJson(json("{\"defaults\": {\"maximum\": \"3\"}}"), "a.B"));
  }

  @Test
  void dslTasksStartFromTheClassDefaultsAndExplicitOptionsOverride() {
    SwarmGraph g = Swarms.define("gathering", s -> {
      s.network("backend", Driver.OVERLAY);
      var first = s.task(Gatherer.class);
      var second = s.task(Gatherer.class, t -> t.alias("second").method(Method.ANY).maximum(1).fixed(false)
          .specifiedIds().network(""));
      var copies = s.copies(Gatherer.class, 2, t -> t.alias("copy").maximum(5));
      second.after(first);
      copies.forEach(c -> c.after(second));
    });
    TaskSpec first = g.task("gatherer").orElseThrow();
    assertEquals(new TaskSpec("gatherer", "gatherer", Method.ALL, 3, null, true, List.of("n1", "n2"), List.of("n9"),
        "backend", true, List.of()), first);
    TaskSpec second = g.task("second").orElseThrow();
    assertEquals(Method.ANY, second.method());
    assertEquals(1, second.maximum());
    assertFalse(second.fixed());
    assertEquals(List.of(), second.specifiedIds());
    assertEquals(List.of("n9"), second.exceptedIds(), "an attribute the options leave alone keeps the default");
    assertEquals("", second.network());
    for (String alias : List.of("copy_0", "copy_1")) {
      TaskSpec copy = g.task(alias).orElseThrow();
      assertEquals(Method.ALL, copy.method());
      assertEquals(5, copy.maximum());
      assertEquals("backend", copy.network());
    }
    // a module passed directly has no class defaults
    SwarmGraph direct = Swarms.define("direct", s -> s.task(ModuleCatalog.lookup(Gatherer.class), t -> {}));
    assertEquals(Method.ALL, direct.tasks().get(0).method());
  }
}
