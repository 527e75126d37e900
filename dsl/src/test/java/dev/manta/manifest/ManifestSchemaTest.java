package dev.manta.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.Method;
import dev.manta.fixtures.GuideExamples;
import dev.manta.fixtures.ManifestSchema;
import dev.manta.fixtures.Samples;
import dev.manta.graph.Json;
import dev.manta.graph.Names;
import dev.manta.graph.SwarmGraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/manifest.schema.json: shipped in the jar, in step with the code, and strict. */
class ManifestSchemaTest {
  static final String RESOURCE = ManifestSchema.RESOURCE;
  static final Path SOURCE = Path.of("..", "docs", "manifest.schema.json");

  static JsonNode schemaTree;
  static JsonSchema schema;

  @BeforeAll
  static void loadSchemaFromTheClasspath() {
    schemaTree = ManifestSchema.tree();
    schema = ManifestSchema.schema();
  }

  // --- one source of truth ---

  @Test
  void jarCopyIsTheDocsFile() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      assertArrayEquals(Files.readAllBytes(SOURCE), in.readAllBytes());
    }
    assertEquals("https://json-schema.org/draft/2020-12/schema", schemaTree.get("$schema").asText());
  }

  @Test
  void namePatternIsTheNamingRule() {
    assertEquals("^" + Names.PATTERN.pattern() + "$", schemaTree.at("/$defs/name/pattern").asText());
  }

  @Test
  void enumsAreTheJavaEnums() {
    assertEquals(names(Method.values()), texts(schemaTree.at("/$defs/task/properties/method/enum")));
    assertEquals(names(Condition.values()), texts(schemaTree.at("/$defs/upstream/properties/condition/enum")));
    assertEquals(names(Driver.values()), texts(schemaTree.at("/$defs/network/properties/driver/enum")));
    assertEquals(Manifest.VERSION, schemaTree.at("/properties/manifestVersion/const").intValue());
  }

  @Test
  void propertiesAreTheRecordComponents() {
    assertEquals(components(Manifest.class), keys(schemaTree.get("properties")));
    // Plus the retired launcher, which earlier manifests carry (docs/manifest.md, "A retired field").
    Set<String> module = new TreeSet<>(components(Manifest.Module.class));
    module.add("launcher");
    assertEquals(module, keys(schemaTree.at("/$defs/module/properties")));
    assertEquals(components(Manifest.Resources.class), keys(schemaTree.at("/$defs/resources/properties")));
    assertEquals(components(Manifest.TaskEntry.class), keys(schemaTree.at("/$defs/task/properties")));
    assertEquals(components(Manifest.Upstream.class), keys(schemaTree.at("/$defs/upstream/properties")));
    assertEquals(components(Manifest.NetworkEntry.class), keys(schemaTree.at("/$defs/network/properties")));
  }

  @Test
  void everyObjectRequiresAllItsPropertiesAndNoOthers() {
    List<JsonNode> objects = new ArrayList<>();
    objects.add(schemaTree);
    schemaTree.get("$defs").forEach(d -> {
      if (d.has("properties")) {
        objects.add(d);
      }
    });
    assertEquals(6, objects.size(), "the manifest, module, resources, task, upstream, network");
    for (JsonNode o : objects) {
      assertEquals(false, o.get("additionalProperties").booleanValue(), o.toString());
      Set<String> required = new TreeSet<>(keys(o.get("properties")));
      // Added to version 1 later, written only when not empty (docs/manifest.md, "Optional fields").
      required.remove("labels");
      required.remove("launcher"); // retired: earlier manifests have it, none written now does
      assertEquals(required, new TreeSet<>(texts(o.get("required"))), o.toString());
    }
  }

  // --- every manifest the tests write is valid ---

  static Stream<Arguments> samples() {
    return Samples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySampleManifestValidates(String name, SwarmGraph graph) {
    ManifestSchema.assertValidManifest(graph);
  }

  // --- broken manifests do not ---

  /** The federated-learning manifest with one change, and where the schema must point. */
  static Stream<Arguments> broken() {
    return Stream.of(
        broken("unknown top-level field", "$", t -> t.put("owner", "me")),
        broken("unknown task field", "$.tasks[0]", t -> task(t, 0).put("retries", 3)),
        broken("missing alias", "$.tasks[0]", t -> task(t, 0).remove("alias")),
        broken("missing order", "$", t -> t.remove("order")),
        broken("version 2", "$.manifestVersion", t -> t.put("manifestVersion", 2)),
        broken("upper-case alias", "$.tasks[0].alias", t -> task(t, 0).put("alias", "Trainers")),
        broken("64-character swarm name", "$.swarm", t -> t.put("swarm", "s".repeat(64))),
        broken("unknown method", "$.tasks[0].method", t -> task(t, 0).put("method", "SOME")),
        broken("unknown condition", "$.tasks[1].upstream[0].condition",
            t -> ((ObjectNode) task(t, 1).get("upstream").get(0)).put("condition", "DONE")),
        broken("unknown driver", "$.networks[0].driver",
            t -> ((ArrayNode) t.get("networks")).addObject().put("name", "net").put("driver", "MESH")),
        broken("maximum 0", "$.tasks[1].maximum", t -> task(t, 1).put("maximum", 0)),
        broken("fraction 1.5", "$.tasks[0].fraction", t -> task(t, 0).put("fraction", 1.5)),
        broken("maximum and fraction", "$.tasks[1].fraction", t -> task(t, 1).put("fraction", 0.5)),
        broken("FIXED without ids", "$.tasks[0].specifiedIds", t -> task(t, 0).put("method", "FIXED")),
        broken("cpu 0", "$.modules[0].resources.cpu",
            t -> ((ObjectNode) t.get("modules").get(0).get("resources")).put("cpu", 0)),
        broken("memory 4GB", "$.modules[0].resources.memory",
            t -> ((ObjectNode) t.get("modules").get(0).get("resources")).put("memory", "4GB")),
        broken("image with a space", "$.modules[0].image", t -> ((ObjectNode) t.get("modules").get(0)).put("image", "a b")),
        broken("upper-case global", "$.globals", t -> ((ObjectNode) t.get("globals")).put("Epochs", 1)),
        broken("maxIterations 0", "$.maxIterations", t -> t.put("maxIterations", 0)),
        broken("no tasks", "$.tasks", t -> t.putArray("tasks")),
        broken("repeated sink", "$.sinks", t -> ((ArrayNode) t.get("sinks")).add("scheduler")),
        broken("string for a number", "$.maxIterations", t -> t.put("maxIterations", "100")),
        broken("label without a value", "$.tasks[0].labels[0]", t -> task(t, 0).putArray("labels").add("zone")),
        broken("empty labels", "$.tasks[0].labels", t -> task(t, 0).putArray("labels")));
  }

  private static Arguments broken(String what, String where, Consumer<ObjectNode> edit) {
    return Arguments.of(what, where, edit);
  }

  private static ObjectNode task(ObjectNode manifest, int index) {
    return (ObjectNode) manifest.get("tasks").get(index);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenManifestIsRejectedAtTheRightPlace(String what, String where, Consumer<ObjectNode> edit)
      throws IOException {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(ManifestCodec.write(Manifest.of(GuideExamples.federatedLearning())));
    assertEquals(Set.of(), schema.validate(tree), "the unchanged manifest is valid");
    edit.accept(tree);
    Set<ValidationMessage> messages = schema.validate(tree);
    assertFalse(messages.isEmpty(), what + " passed the schema");
    assertTrue(messages.stream().anyMatch(m -> m.getInstanceLocation().toString().equals(where)),
        () -> what + ": no message at " + where + ": " + messages);
  }

  @Test
  void aManifestOfAnEarlierProcessorWithLaunchersIsStillValid() throws IOException {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(ManifestCodec.write(Manifest.of(GuideExamples.federatedLearning())));
    for (JsonNode module : tree.get("modules")) {
      ((ObjectNode) module).put("launcher", module.get("entryClass").asText() + "_MantaLauncher");
    }
    assertEquals(Set.of(), schema.validate(tree));
  }

  @Test
  void brokenManifestsTheCodecRejectsTheSchemaRejectsToo() throws IOException {
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(ManifestCodec.write(Manifest.of(GuideExamples.networked())));
    task(tree, 0).remove("network");
    assertFalse(schema.validate(tree).isEmpty());
  }

  // --- helpers ---

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static Set<String> components(Class<? extends Record> type) {
    Set<String> out = new TreeSet<>();
    Arrays.stream(type.getRecordComponents()).forEach(c -> out.add(c.getName()));
    return out;
  }
}
