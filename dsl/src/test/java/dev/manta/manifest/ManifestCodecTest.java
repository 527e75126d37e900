package dev.manta.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.fixtures.GuideExamples;
import dev.manta.fixtures.Samples;
import dev.manta.fixtures.Worker;
import dev.manta.dsl.Swarms;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import dev.manta.validation.ProblemCode;
import dev.manta.validation.SwarmValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Writing and reading manifests: round trips, determinism, and errors that say where. */
class ManifestCodecTest {

  static Stream<Arguments> samples() {
    return Samples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static Manifest read(byte[] bytes) {
    return ManifestCodec.read(new ByteArrayInputStream(bytes), "test.json");
  }

  // --- round trips ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void roundTripGivesAnEqualManifest(String name, SwarmGraph graph) {
    Manifest manifest = Manifest.of(graph);
    byte[] bytes = ManifestCodec.write(manifest);
    assertEquals(manifest, read(bytes));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void graphOfAManifestGivesTheSameBytesAgain(String name, SwarmGraph graph) {
    byte[] bytes = ManifestCodec.write(Manifest.of(graph));
    SwarmGraph back = read(bytes).toGraph();
    assertArrayEquals(bytes, ManifestCodec.write(Manifest.of(back)),
        () -> new String(ManifestCodec.write(Manifest.of(back)), StandardCharsets.UTF_8));
    assertEquals(graph.tasks(), back.tasks());
    assertEquals(graph.modules(), back.modules());
    assertEquals(graph.networks(), back.networks());
    assertEquals(graph.sinks(), back.sinks());
  }

  @Test
  void labelsAreWrittenOnlyWhenSetAndAManifestWithoutThemStillReads() throws IOException {
    Manifest every = Manifest.of(dev.manta.fixtures.Samples.everyOption());
    com.fasterxml.jackson.databind.JsonNode tree = dev.manta.graph.Json.mapper().readTree(ManifestCodec.write(every));
    com.fasterxml.jackson.databind.JsonNode east = tree.get("tasks").get(3);
    assertEquals("east", east.get("alias").asText());
    assertEquals("[\"zone=east\",\"disk=ssd\"]", east.get("labels").toString());
    assertEquals("BEST_RESOURCES", east.get("method").asText());
    assertTrue(!tree.get("tasks").get(0).has("labels"), "no labels, no field: the bytes of older manifests");
    // A manifest written before the field existed (no "labels" anywhere) reads with empty labels.
    String old = new String(ManifestCodec.write(Manifest.of(GuideExamples.federatedLearning())), StandardCharsets.UTF_8);
    assertTrue(!old.contains("labels"), old);
    Manifest read = read(old.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(), read.tasks().get(0).labels());
    assertEquals(List.of("zone=east", "disk=ssd"), read(ManifestCodec.write(every)).toGraph().task("east")
        .orElseThrow().labels());
  }

  @Test
  void aManifestOfAnEarlierProcessorWithLaunchersStillReadsAndTheFieldIsNoLongerWritten() throws IOException {
    Manifest manifest = Manifest.of(GuideExamples.federatedLearning());
    String now = new String(ManifestCodec.write(manifest), StandardCharsets.UTF_8);
    assertTrue(!now.contains("launcher"), now);
    // What the processor wrote until modules started through dev.manta.spi.Launchers: same version, one field more.
    com.fasterxml.jackson.databind.JsonNode earlier = dev.manta.graph.Json.mapper().readTree(now);
    for (com.fasterxml.jackson.databind.JsonNode module : earlier.get("modules")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) module).put("launcher",
          module.get("entryClass").asText() + "_MantaLauncher");
    }
    assertEquals(Manifest.VERSION, earlier.get("manifestVersion").intValue());
    assertEquals(manifest, read(dev.manta.graph.Json.mapper().writeValueAsBytes(earlier)));
  }

  @Test
  void fileRoundTrip(@TempDir Path dir) throws IOException {
    Manifest manifest = Manifest.of(GuideExamples.federatedLearning());
    Path file = dir.resolve("fl_experiment.json");
    Files.write(file, ManifestCodec.write(manifest));
    assertEquals(manifest, ManifestCodec.read(file));
  }

  @Test
  void missingFileSaysWhichFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.json");
    var e = assertThrows(java.io.UncheckedIOException.class, () -> ManifestCodec.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  // --- what a manifest holds ---

  @Test
  void manifestOfFederatedLearning() {
    Manifest m = Manifest.of(GuideExamples.federatedLearning());
    assertEquals(Manifest.VERSION, m.manifestVersion());
    assertEquals("fl_experiment", m.swarm());
    assertEquals(GuideExamples.FederatedLearning.class.getName(), m.sourceClass());
    assertEquals(List.of("aggregator", "scheduler", "trainer"), m.modules().stream().map(Manifest.Module::name).toList());
    Manifest.Module trainer = m.modules().get(2);
    assertEquals("dev.manta.fixtures.Trainer", trainer.entryClass());
    assertEquals(new Manifest.Resources(2, "4Gi"), trainer.resources());
    assertEquals(List.of("digits"), trainer.datasets());
    assertEquals(List.of("trainers", "aggregator", "scheduler"), m.order());
    assertEquals(List.of("scheduler"), m.sinks());
    assertEquals(List.of("batch_size", "epochs"), List.copyOf(m.globals().keySet()));
  }

  @Test
  void computedGlobalsAreListedByNameOnly() {
    Manifest m = Manifest.of(Samples.everyOption());
    assertEquals(List.of("started_at"), m.computedGlobals());
    assertTrue(!m.globals().containsKey("started_at"));
    assertTrue(m.globals().get("nothing").isNull());
  }

  @Test
  void globalNumbersKeepTheirValueThroughTheText() {
    Manifest m = read(ManifestCodec.write(Manifest.of(Samples.everyOption())));
    assertEquals(new java.math.BigDecimal("0.1000000000000000055511151231257827"), m.globals().get("precise").decimalValue());
    assertEquals(5_000_000_000L, m.globals().get("big").longValue());
    assertEquals(5, m.globals().get("small_long").intValue());
    assertEquals(0.5, m.globals().get("ratio").doubleValue());
    String text = ManifestCodec.writeString(m);
    assertTrue(text.contains("\"precise\" : 0.1000000000000000055511151231257827,"), text);
    assertTrue(text.contains("\"ratio\" : 0.5,"), text);
    Manifest weights = read(ManifestCodec.write(Manifest.of(GuideExamples.stateful())));
    assertEquals("[0.0,0.25,-0.5,1.0]", weights.globals().get("model_weights").toString());
  }

  @Test
  void invalidGraphHasNoManifest() {
    SwarmGraph g = Swarms.define("empty", s -> {});
    var e = assertThrows(SwarmValidationException.class, () -> Manifest.of(g));
    assertEquals(ProblemCode.EMPTY_SWARM, e.problems().get(0).code());
  }

  @Test
  void manifestGlobalsCannotBeChangedThroughTheManifest() {
    Manifest m = Manifest.of(GuideExamples.stateful());
    byte[] before = ManifestCodec.write(m);
    JsonNode weights = m.globals().get("model_weights");
    if (weights instanceof ArrayNode array) {
      array.removeAll();
    }
    assertThrows(UnsupportedOperationException.class, () -> m.globals().put("x", weights));
    assertArrayEquals(before, ManifestCodec.write(m), "the manifest keeps its own copy of each global");
  }

  // --- determinism ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sameGraphBuiltTwiceGivesTheSameBytes(String name, SwarmGraph graph) {
    SwarmGraph again = Samples.all().get(name);
    assertArrayEquals(ManifestCodec.write(Manifest.of(graph)), ManifestCodec.write(Manifest.of(again)));
  }

  @Test
  void globalsAndTheirMapKeysAreSortedWhateverTheDeclarationOrder() {
    Map<String, Object> forward = new LinkedHashMap<>();
    forward.put("alpha", 1);
    forward.put("beta", Map.of("z", 1, "a", 2));
    Map<String, Object> backward = new LinkedHashMap<>();
    backward.put("beta", Map.of("a", 2, "z", 1));
    backward.put("alpha", 1);
    String one = ManifestCodec.writeString(Manifest.of(withGlobals("zeta", "alpha", forward)));
    String two = ManifestCodec.writeString(Manifest.of(withGlobals("alpha", "zeta", backward)));
    assertEquals(one, two);
    assertTrue(one.indexOf("\"alpha\"") < one.indexOf("\"zeta\""), one);
    assertTrue(one.indexOf("\"a\" : 2") < one.indexOf("\"z\" : 1"), one);
  }

  /** A global value holding sets at every depth, built with its sets filled in {@code order}. */
  record Tagged(String name, java.util.Set<String> tags) {}

  private static SwarmGraph withSets(List<String> order) {
    return Swarms.define("sets", s -> {
      s.setGlobal("tags", new java.util.LinkedHashSet<>(order));
      s.setGlobal("hashed", new java.util.HashSet<>(order));
      s.setGlobal("nested", Map.of("inner", new java.util.LinkedHashSet<>(order), "list",
          List.of(new java.util.LinkedHashSet<>(order))));
      s.setGlobal("record", new Tagged("t", new java.util.LinkedHashSet<>(order)));
      java.util.TreeSet<String> reversed = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
      reversed.addAll(order);
      s.setGlobal("sorted", reversed);
      s.task(Worker.class);
    });
  }

  @Test
  void setsAreWrittenSortedSoEqualSetsGiveTheSameBytes() {
    List<String> forward = List.of("b", "a", "c", "beta", "alpha");
    List<String> backward = List.of("alpha", "beta", "c", "a", "b");
    assertTrue(!List.copyOf(new java.util.LinkedHashSet<>(forward))
        .equals(List.copyOf(new java.util.LinkedHashSet<>(backward))), "the sets iterate differently");
    byte[] one = ManifestCodec.write(Manifest.of(withSets(forward)));
    byte[] two = ManifestCodec.write(Manifest.of(withSets(backward)));
    assertArrayEquals(one, two);
    JsonNode globals = Json.mapper().valueToTree(read(one).globals());
    String sorted = "[\"a\",\"alpha\",\"b\",\"beta\",\"c\"]";
    assertEquals(sorted, globals.get("tags").toString());
    assertEquals(sorted, globals.get("hashed").toString());
    assertEquals(sorted, globals.get("nested").get("inner").toString());
    assertEquals(sorted, globals.get("nested").get("list").get(0).toString());
    assertEquals(sorted, globals.get("record").get("tags").toString());
    assertEquals("[\"c\",\"beta\",\"b\",\"alpha\",\"a\"]", globals.get("sorted").toString(),
        "a sorted set keeps its own order");
  }

  private static SwarmGraph withGlobals(String first, String second, Map<String, Object> map) {
    return Swarms.define("sorted", s -> {
      s.setGlobal(first, first);
      s.setGlobal(second, second);
      s.setGlobal("map", map);
      s.task(Worker.class);
    });
  }

  @Test
  void textFormIsFixed() {
    String text = ManifestCodec.writeString(Manifest.of(GuideExamples.networked()));
    assertTrue(text.startsWith("{\n  \"manifestVersion\" : 1,\n  \"swarm\" : \"networked\",\n"), text);
    assertTrue(text.endsWith("}\n"), text);
    assertTrue(!text.contains("\r"), "\\n line ends only");
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), ManifestCodec.write(Manifest.of(GuideExamples.networked())));
    List<String> keys = List.copyOf(iterable(Json.mapper().valueToTree(Manifest.of(GuideExamples.networked()))));
    assertEquals(List.of("manifestVersion", "swarm", "sourceClass", "maxIterations", "modules", "tasks", "networks",
        "globals", "computedGlobals", "sinks", "order"), keys);
  }

  private static List<String> iterable(JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void readingChecksTheFormatAndValidationTheGraph() {
    byte[] bytes = edited(t -> task(t, 1).put("module", "aggregators"));
    Manifest m = read(bytes);
    var problems = dev.manta.validation.GraphValidator.validate(m.toGraph());
    assertEquals(List.of(ProblemCode.UNKNOWN_MODULE), problems.stream().map(p -> p.code()).toList());
    assertTrue(problems.get(0).message().contains("did you mean 'aggregator'?"), problems.get(0).message());
  }

  private static ObjectNode task(ObjectNode manifest, int index) {
    return (ObjectNode) manifest.get("tasks").get(index);
  }

  // --- reading errors ---

  /** The federated-learning manifest as a tree, changed by {@code edit}, as bytes. */
  private static byte[] edited(Consumer<ObjectNode> edit) {
    try {
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(ManifestCodec.write(Manifest.of(GuideExamples.federatedLearning())));
      edit.accept(tree);
      return Json.mapper().writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ManifestException readFails(byte[] bytes) {
    return assertThrows(ManifestException.class, () -> read(bytes));
  }

  private static void assertError(ManifestException e, String path, String... fragments) {
    assertEquals("test.json", e.source());
    assertEquals(path, e.jsonPath(), e.getMessage());
    assertTrue(e.getMessage().startsWith("test.json at " + path + ": "), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
    }
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void malformedJson() {
    ManifestException e = readFails("{\"manifestVersion\": 1,\n \"swarm\": }".getBytes(StandardCharsets.UTF_8));
    assertError(e, "$", "malformed JSON", "line 2");
  }

  @Test
  void trailingGarbage() {
    byte[] good = ManifestCodec.write(Manifest.of(GuideExamples.federatedLearning()));
    byte[] bad = (new String(good, StandardCharsets.UTF_8) + "{}").getBytes(StandardCharsets.UTF_8);
    assertError(readFails(bad), "$", "malformed JSON");
  }

  @Test
  void emptyInput() {
    assertError(readFails(new byte[0]), "$", "JSON object");
  }

  @Test
  void notAnObject() {
    assertError(readFails("[1, 2]".getBytes(StandardCharsets.UTF_8)), "$", "a manifest is a JSON object");
  }

  @Test
  void unknownVersion() {
    ManifestException e = readFails(edited(t -> t.put("manifestVersion", 2)));
    assertError(e, "$.manifestVersion", "unknown manifestVersion 2", "reads version 1", "rebuild");
  }

  @Test
  void versionAsText() {
    assertError(readFails(edited(t -> t.put("manifestVersion", "1"))), "$.manifestVersion", "unknown manifestVersion");
  }

  @Test
  void missingVersion() {
    assertError(readFails(edited(t -> t.remove("manifestVersion"))), "$.manifestVersion",
        "missing field 'manifestVersion'");
  }

  @Test
  void missingTaskAlias() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("tasks").get(0)).remove("alias")));
    assertError(e, "$.tasks[0].alias", "missing field 'alias'");
  }

  @Test
  void missingTopLevelField() {
    assertError(readFails(edited(t -> t.remove("sinks"))), "$.sinks", "missing field 'sinks'");
  }

  @Test
  void missingNestedField() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("modules").get(2).get("resources")).remove("memory")));
    assertError(e, "$.modules[2].resources.memory", "missing field 'memory'");
  }

  @Test
  void missingEdgeCondition() {
    ManifestException e = readFails(edited(t ->
        ((ObjectNode) t.get("tasks").get(1).get("upstream").get(0)).remove("condition")));
    assertError(e, "$.tasks[1].upstream[0].condition", "missing field 'condition'");
  }

  @Test
  void unknownField() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("tasks").get(1)).put("retries", 3)));
    assertError(e, "$.tasks[1].retries", "unknown field 'retries'");
  }

  @Test
  void unknownTopLevelField() {
    assertError(readFails(edited(t -> t.put("owner", "me"))), "$.owner", "unknown field 'owner'");
  }

  @Test
  void wrongType() {
    ManifestException e = readFails(edited(t -> t.put("maxIterations", "many")));
    assertError(e, "$.maxIterations", "expected an integer, found \"many\"");
  }

  @Test
  void wrongTypeInsideAList() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("tasks").get(0)).put("upstream", "trainers")));
    assertError(e, "$.tasks[0].upstream", "expected an array, found \"trainers\"");
  }

  @Test
  void objectWhereAListIsExpected() {
    ManifestException e = readFails(edited(t -> t.putObject("sinks")));
    assertError(e, "$.sinks", "expected an array, found an object");
  }

  @Test
  void textWhereAnObjectIsExpected() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("modules").get(0)).put("resources", "big")));
    assertError(e, "$.modules[0].resources", "expected an object, found \"big\"");
  }

  @Test
  void wrongTypeForANullableNumber() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("tasks").get(1)).put("maximum", "one")));
    assertError(e, "$.tasks[1].maximum", "expected an integer, found \"one\"");
  }

  @Test
  void unknownEnumValue() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("tasks").get(2)).put("method", "SOME")));
    assertError(e, "$.tasks[2].method", "expected one of ALL, ANY, MAXIMUM, FIXED, BEST_RESOURCES, found \"SOME\"");
  }

  @Test
  void nullWhereAValueIsRequired() {
    ManifestException e = readFails(edited(t -> ((ObjectNode) t.get("tasks").get(0)).putNull("alias")));
    assertError(e, "$.tasks[0].alias", "must not be null");
  }

  @Test
  void nullForAPrimitive() {
    ManifestException e = readFails(edited(t -> t.putNull("maxIterations")));
    assertError(e, "$.maxIterations", "expected an integer, found null");
  }
}
