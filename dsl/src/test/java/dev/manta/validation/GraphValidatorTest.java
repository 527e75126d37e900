package dev.manta.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.Method;
import dev.manta.dsl.SwarmScope;
import dev.manta.dsl.Swarms;
import dev.manta.fixtures.Aggregator;
import dev.manta.fixtures.Mapper;
import dev.manta.fixtures.Worker;
import dev.manta.graph.Edge;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.validation.Location.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@link GraphValidator}: a graph that breaks it and one that keeps it. */
class GraphValidatorTest {

  // --- helpers ---

  /** A swarm named {@code name} built by {@code body}. */
  private static SwarmGraph swarm(String name, Consumer<SwarmScope> body) {
    return Swarms.define(name, body);
  }

  /** A one-task swarm whose task has {@code options}. */
  private static SwarmGraph oneTask(Consumer<dev.manta.dsl.TaskOptions> options) {
    return swarm("one", s -> s.task(Worker.class, t -> {
      t.alias("worker");
      options.accept(t);
    }));
  }

  /** A plain task for graphs built without the DSL. */
  private static TaskSpec task(String alias, String... upstream) {
    return new TaskSpec(alias, "worker", Method.ANY, null, null, false, List.of(), List.of(), "", false,
        Arrays.stream(upstream).map(u -> new Edge(u, Condition.FINISHED)).toList());
  }

  private static SwarmGraph graph(TaskSpec... tasks) {
    SwarmGraph.Builder b = SwarmGraph.builder("raw").module(ModuleSpec.of(Worker.class.getName()));
    for (TaskSpec t : tasks) {
      b.task(t);
    }
    return b.build();
  }

  /** No problem, and its manifest is valid by the schema too. */
  private static void assertClean(SwarmGraph g) {
    assertEquals(List.of(), GraphValidator.validate(g));
    dev.manta.fixtures.ManifestSchema.assertValidManifest(g);
  }

  /** Asserts {@code g} has exactly one problem, and returns it. */
  private static Problem single(SwarmGraph g) {
    List<Problem> problems = GraphValidator.validate(g);
    assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
    return problems.get(0);
  }

  private static List<Problem> ofCode(SwarmGraph g, ProblemCode code) {
    return GraphValidator.validate(g).stream().filter(p -> p.code() == code).toList();
  }

  private static void assertProblem(Problem p, ProblemCode code, Kind kind, String name, String attribute,
      String... fragments) {
    assertEquals(code, p.code(), p::toString);
    assertEquals(new Location(kind, name, attribute), p.location(), p::toString);
    assertEquals(code.severity(), p.severity());
    assertTrue(p.format().startsWith("[" + code.tag() + "] "), p.format());
    for (String f : fragments) {
      assertTrue(p.message().contains(f), () -> "'" + f + "' not in: " + p.message());
    }
  }

  // --- the codes themselves ---

  @Test
  void everyCodeHasATagAndOnlyUnreachableAndDisconnectedAreWarnings() {
    for (ProblemCode code : ProblemCode.values()) {
      assertTrue(code.tag().matches("Manta/[A-Z][A-Za-z]+"), code.tag());
      assertEquals(code == ProblemCode.UNREACHABLE || code == ProblemCode.DISCONNECTED ? Severity.WARNING
          : Severity.ERROR, code.severity(),
          code.name());
    }
  }

  @Nested
  class Cycle {
    @Test
    void twoTaskCycleIsReportedOnceWithItsPath() {
      SwarmGraph g = swarm("loop", s -> {
        var a = s.task(Worker.class, t -> t.alias("a"));
        var b = s.task(Worker.class, t -> t.alias("b"));
        a.after(b);
        b.after(a);
      });
      Problem p = single(g);
      assertProblem(p, ProblemCode.CYCLE, Kind.TASK, "a", "upstream:b", "a -> b -> a", "remove one of these edges",
          "scheduleNextIteration");
      assertEquals(List.of("a", "b", "a"), p.path());
    }

    @Test
    void longerCycleIsFollowedInFlowDirection() {
      SwarmGraph g = graph(task("a", "c"), task("b", "a"), task("c", "b"), task("end", "c"));
      Problem p = single(g);
      assertProblem(p, ProblemCode.CYCLE, Kind.TASK, "a", "upstream:c", "tasks form a cycle: a -> b -> c -> a");
    }

    @Test
    void selfLoop() {
      SwarmGraph g = swarm("self", s -> {
        var a = s.task(Worker.class, t -> t.alias("a"));
        a.after(a);
        s.task(Worker.class, t -> t.alias("b")).after(a);
      });
      Problem p = single(g);
      assertProblem(p, ProblemCode.CYCLE, Kind.TASK, "a", "upstream:a", "a -> a");
      assertEquals(List.of("a", "a"), p.path());
    }

    @Test
    void twoSeparateCyclesGiveTwoProblems() {
      SwarmGraph g = graph(task("a", "b"), task("b", "a"), task("c", "d"), task("d", "c"));
      List<Problem> problems = GraphValidator.validate(g);
      assertEquals(2, problems.size(), problems::toString);
      assertEquals(List.of(List.of("a", "b", "a"), List.of("c", "d", "c")),
          problems.stream().map(Problem::path).toList());
      assertTrue(problems.stream().allMatch(p -> p.code() == ProblemCode.CYCLE));
    }

    @Test
    void diamondsAndFanInAreNoCycles() {
      assertClean(dev.manta.fixtures.Samples.diamond());
      assertClean(dev.manta.fixtures.Samples.fanIn());
      assertClean(graph(task("a"), task("b", "a"), task("c", "a", "b"), task("d", "b", "c", "a")));
    }
  }

  @Nested
  class UnknownTask {
    @Test
    void closeNameIsSuggested() {
      SwarmGraph g = graph(task("trainers"), task("aggregator", "trainer"));
      assertProblem(single(g), ProblemCode.UNKNOWN_TASK, Kind.TASK, "aggregator", "upstream:trainer",
          "'trainer'", "no task of swarm 'raw'", "did you mean 'trainers'?");
      assertEquals(List.of("trainer", "aggregator"), single(g).path());
    }

    @Test
    void withoutACloseNameTheTasksAreListed() {
      SwarmGraph g = graph(task("trainers"), task("aggregator", "zzz"));
      assertProblem(single(g), ProblemCode.UNKNOWN_TASK, Kind.TASK, "aggregator", "upstream:zzz",
          "the tasks are trainers, aggregator");
    }

    @Test
    void flowEndingInNoTaskFails() {
      SwarmGraph g = SwarmGraph.builder("raw").module(ModuleSpec.of(Worker.class.getName()))
          .task(task("a")).task(task("b", "a")).sinks(List.of("bb")).build();
      List<Problem> problems = GraphValidator.validate(g);
      assertProblem(problems.get(0), ProblemCode.UNKNOWN_TASK, Kind.SWARM, "raw", "sinks",
          "ends in 'bb', which is no task of it", "did you mean 'b'?");
      assertEquals(List.of(ProblemCode.UNKNOWN_TASK, ProblemCode.UNREACHABLE, ProblemCode.UNREACHABLE),
          problems.stream().map(Problem::code).toList());
    }

    @Test
    void knownUpstreamPasses() {
      assertClean(graph(task("trainers"), task("aggregator", "trainers")));
    }
  }

  @Nested
  class DuplicateAlias {
    @Test
    void twoTasksWithOneAliasFail() {
      SwarmGraph g = swarm("dup", s -> {
        s.task(Worker.class);
        s.task(Worker.class);
      });
      assertProblem(single(g), ProblemCode.DUPLICATE_ALIAS, Kind.TASK, "worker", "alias",
          "'worker' is declared more than once", "give each task its own alias");
    }

    @Test
    void distinctAliasesPass() {
      assertClean(swarm("dup", s -> {
        s.task(Worker.class, t -> t.alias("w1"));
        s.task(Worker.class, t -> t.alias("w2"));
      }));
    }
  }

  @Nested
  class DuplicateNetwork {
    @Test
    void networkDeclaredTwiceFails() {
      SwarmGraph g = swarm("nets", s -> {
        s.network("backend", Driver.BRIDGE);
        s.network("backend", Driver.OVERLAY);
        s.task(Worker.class, t -> t.network("backend"));
      });
      assertProblem(single(g), ProblemCode.DUPLICATE_NETWORK, Kind.NETWORK, "backend", "name",
          "'backend' is declared more than once", "declare it once");
    }

    @Test
    void twoNetworksPass() {
      assertClean(swarm("nets", s -> {
        s.network("backend", Driver.BRIDGE);
        s.network("frontend", Driver.OVERLAY);
        s.task(Worker.class, t -> t.network("backend"));
      }));
    }
  }

  @Nested
  class DuplicateModule {
    private final ModuleSpec first = ModuleSpec.of("com.acme.one.Shared");
    private final ModuleSpec second = ModuleSpec.of("com.acme.two.Shared");

    @Test
    void twoClassesUnderOneModuleNameFail() {
      SwarmGraph g = swarm("mods", s -> {
        s.task(first, t -> t.alias("one"));
        s.task(second, t -> t.alias("two"));
      });
      assertProblem(single(g), ProblemCode.DUPLICATE_MODULE, Kind.MODULE, "shared", "name",
          "com.acme.one.Shared", "com.acme.two.Shared", "give one of them another name");
    }

    @Test
    void oneModuleUsedByTwoTasksPasses() {
      assertClean(swarm("mods", s -> {
        s.task(first, t -> t.alias("one"));
        s.task(first, t -> t.alias("two"));
      }));
    }

    @Test
    void renamedModulesPass() {
      assertClean(swarm("mods", s -> {
        s.task(first, t -> t.alias("one"));
        s.task(second.withName("shared_two"), t -> t.alias("two"));
      }));
    }
  }

  @Nested
  class InvalidName {
    @Test
    void swarmName() {
      SwarmGraph g = swarm("Fl Experiment", s -> s.task(Worker.class));
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.SWARM, "Fl Experiment", "name",
          "swarm name 'Fl Experiment' is not valid", "lower-case letters, digits", "e.g. 'fl_experiment'");
    }

    @Test
    void upperCaseAlias() {
      SwarmGraph g = oneTask(t -> t.alias("Trainers"));
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.TASK, "Trainers", "alias",
          "task alias 'Trainers' is not valid", "e.g. 'trainers'");
    }

    @Test
    void aliasStartingWithADigit() {
      SwarmGraph g = oneTask(t -> t.alias("1st"));
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.TASK, "1st", "alias", "starting with a letter",
          "e.g. 'x1st'");
    }

    @Test
    void sixtyFourCharactersAreTooManyAndSixtyThreeFit() {
      String long64 = "a".repeat(64);
      SwarmGraph g = swarm("names", s -> s.task(ModuleSpec.of("com.acme.Work"), t -> t.alias(long64)));
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.TASK, long64, "alias", "at most 63 characters",
          "e.g. '" + "a".repeat(63) + "'");
      assertClean(swarm("names", s -> s.task(ModuleSpec.of("com.acme.Work"), t -> t.alias("a".repeat(63)))));
      assertClean(swarm("b".repeat(63), s -> s.task(Worker.class)));
    }

    @Test
    void networkName() {
      SwarmGraph g = swarm("nets", s -> {
        s.network("Back_End", Driver.BRIDGE);
        s.task(Worker.class, t -> t.network("Back_End"));
      });
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.NETWORK, "Back_End", "name",
          "network name 'Back_End' is not valid", "e.g. 'back_end'");
    }

    @Test
    void globalName() {
      SwarmGraph g = swarm("globals", s -> {
        s.setGlobal("learningRate", 0.1);
        s.task(Worker.class);
      });
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.GLOBAL, "learningRate", "name",
          "global name 'learningRate' is not valid", "e.g. 'learning_rate'");
    }

    @Test
    void moduleName() {
      ModuleSpec bad = ModuleSpec.of("com.acme.Work").withName("MyModule");
      SwarmGraph g = swarm("mods", s -> s.task(bad, t -> t.alias("work")));
      assertProblem(single(g), ProblemCode.INVALID_NAME, Kind.MODULE, "MyModule", "name",
          "module name 'MyModule' is not valid", "e.g. 'my_module'");
    }

    @Test
    void validNamesOfEveryKindPass() {
      assertClean(swarm("fl-experiment_2", s -> {
        s.network("back-end", Driver.OVERLAY);
        s.setGlobal("learning_rate", 0.1);
        s.task(ModuleSpec.of("com.acme.Work").withName("work-2"), t -> t.alias("w_1-x").network("back-end"));
      }));
    }
  }

  @Nested
  class Timeout {
    @ParameterizedTest
    @ValueSource(strings = {"10", "ten minutes", "0s", "-5m", "PT0S", "PT-1M", "10 m"})
    void notAPositiveDurationFails(String timeout) {
      Problem p = single(oneTask(t -> t.timeout(timeout)));
      assertProblem(p, ProblemCode.TIMEOUT, Kind.TASK, "worker", "timeout",
          "timeout of task 'worker' is '" + timeout + "'", "use a positive whole number with a unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "90s", "10m", "2h", "1d", "PT10M", "PT0.5S"})
    void positiveDurationsPass(String timeout) {
      assertClean(oneTask(t -> t.timeout(timeout)));
    }

    @Test
    void durationFromTheDslIsKeptAsShortText() {
      SwarmGraph g = oneTask(t -> t.timeout(java.time.Duration.ofMinutes(10)));
      assertEquals("10m", g.task("worker").orElseThrow().timeout());
      assertEquals(java.time.Duration.ofMinutes(10), g.task("worker").orElseThrow().timeoutDuration().orElseThrow());
      Problem p = single(oneTask(t -> t.timeout(java.time.Duration.ZERO)));
      assertProblem(p, ProblemCode.TIMEOUT, Kind.TASK, "worker", "timeout", "is 'PT0S'");
    }
  }

  @Nested
  class Maximum {
    @ParameterizedTest
    @ValueSource(ints = {0, -2, -100})
    void belowOneAndNotMinusOneFails(int maximum) {
      Problem p = single(oneTask(t -> t.method(Method.ALL).maximum(maximum)));
      assertProblem(p, ProblemCode.MAXIMUM, Kind.TASK, "worker", "maximum", "maximum of task 'worker' is " + maximum,
          "use -1 for no cap or a count of at least 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 50})
    void minusOneAndPositivePass(int maximum) {
      assertClean(oneTask(t -> t.method(Method.ALL).maximum(maximum)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.5, 1.5, Double.NaN})
    void fractionOutsideZeroToOneFails(double fraction) {
      Problem p = single(oneTask(t -> t.method(Method.MAXIMUM).fraction(fraction)));
      assertProblem(p, ProblemCode.MAXIMUM, Kind.TASK, "worker", "fraction", "use a value in (0, 1]");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.5, 0.001})
    void fractionInsidePasses(double fraction) {
      assertClean(oneTask(t -> t.method(Method.MAXIMUM).fraction(fraction)));
    }

    @Test
    void bothMaximumAndFractionFail() {
      Problem p = single(oneTask(t -> t.method(Method.MAXIMUM).maximum(3).fraction(0.5)));
      assertProblem(p, ProblemCode.MAXIMUM, Kind.TASK, "worker", "fraction", "sets both maximum and fraction",
          "keep one of them");
    }
  }

  @Nested
  class MaxIterations {
    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void belowOneFails(int max) {
      SwarmGraph g = swarm("iter", s -> {
        s.maxIterations(max);
        s.task(Worker.class);
      });
      assertProblem(single(g), ProblemCode.MAX_ITERATIONS, Kind.SWARM, "iter", "maxIterations",
          "maxIterations is " + max, "set it to at least 1");
    }

    @Test
    void oneAndTheDefaultPass() {
      assertClean(swarm("iter", s -> {
        s.maxIterations(1);
        s.task(Worker.class);
      }));
      assertClean(swarm("iter", s -> s.task(Worker.class)));
    }
  }

  @Nested
  class FixedWithoutIds {
    @Test
    void fixedMethodWithoutIdsFails() {
      Problem p = single(oneTask(t -> t.method(Method.FIXED)));
      assertProblem(p, ProblemCode.FIXED_WITHOUT_IDS, Kind.TASK, "worker", "method", "lists no specifiedIds",
          "list the nodes it runs on", "fixed = true");
    }

    @Test
    void fixedMethodWithIdsPasses() {
      assertClean(oneTask(t -> t.method(Method.FIXED).specifiedIds("node1", "node2")));
    }

    @Test
    void fixedFlagAlonePasses() {
      assertClean(oneTask(t -> t.fixed(true)));
      assertClean(oneTask(t -> t.method(Method.ALL).fixed(true)));
    }
  }

  @Nested
  class IdConflict {
    @Test
    void nodeInBothListsFails() {
      Problem p = single(oneTask(t -> t.specifiedIds("n1", "n2").exceptedIds("n2", "n3")));
      assertProblem(p, ProblemCode.ID_CONFLICT, Kind.TASK, "worker", "exceptedIds",
          "node 'n2' is in both specifiedIds and exceptedIds", "remove it from one of them");
    }

    @Test
    void eachConflictingNodeIsReportedOnce() {
      List<Problem> problems = ofCode(oneTask(t -> t.specifiedIds("n1", "n2", "n1").exceptedIds("n1", "n2")),
          ProblemCode.ID_CONFLICT);
      assertEquals(2, problems.size(), problems::toString);
    }

    @Test
    void disjointListsPass() {
      assertClean(oneTask(t -> t.specifiedIds("n1", "n2").exceptedIds("n3")));
    }
  }

  @Nested
  class UnknownNetwork {
    @Test
    void undeclaredNetworkFailsWithAHint() {
      SwarmGraph g = swarm("nets", s -> {
        s.network("backends", Driver.BRIDGE);
        s.task(Worker.class, t -> t.alias("worker").network("backend"));
      });
      assertProblem(single(g), ProblemCode.UNKNOWN_NETWORK, Kind.TASK, "worker", "network",
          "joins network 'backend', which swarm 'nets' does not declare", "did you mean 'backends'?");
    }

    @Test
    void withNoCloseNetworkItSaysHowToDeclareOne() {
      Problem p = single(oneTask(t -> t.network("backend")));
      assertProblem(p, ProblemCode.UNKNOWN_NETWORK, Kind.TASK, "worker", "network", "declare it on the swarm",
          "@Network(name = \"backend\")", "network(\"backend\", driver) in the DSL");
    }

    @Test
    void declaredNetworkAndNoNetworkPass() {
      assertClean(swarm("nets", s -> {
        s.network("backend", Driver.BRIDGE);
        s.task(Worker.class, t -> t.alias("on").network("backend"));
        s.task(Worker.class, t -> t.alias("off"));
      }));
    }
  }

  @Nested
  class ImageReference {
    @ParameterizedTest
    @ValueSource(strings = {"eclipse-temurin:17-jre", "localhost:5000/acme/trainer:1.0",
        "registry.example.com:443/a/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ubuntu", "acme/trainer", "docker.io/library/ubuntu:22.04", "a__b.c-d/e:tag_1.2-x"})
    void validReferencesPass(String image) {
      assertClean(oneTask(t -> t.image(image)));
      assertTrue(dev.manta.graph.ImageReference.tryParse(image).isPresent(), image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper/Case", "ubuntu:", "a b", "", "UBUNTU", "acme//trainer", "ubuntu@sha256:abc",
        "-lead", "trailing/"})
    void invalidReferencesFail(String image) {
      Problem p = single(oneTask(t -> t.image(image)));
      assertProblem(p, ProblemCode.IMAGE_REFERENCE, Kind.MODULE, "worker-worker", "image",
          "image '" + image + "' of module 'worker-worker' is not an image reference",
          "[registry[:port]/]name[:tag][@digest]", "e.g. eclipse-temurin:17-jre");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> dev.manta.graph.ImageReference.parse(image));
      assertTrue(e.getMessage().contains("lower-case name"), e.getMessage());
    }

    @Test
    void partsOfAReference() {
      assertEquals(new dev.manta.graph.ImageReference("localhost:5000", "acme/trainer", "1.0", ""),
          dev.manta.graph.ImageReference.parse("localhost:5000/acme/trainer:1.0"));
      assertEquals(new dev.manta.graph.ImageReference("", "acme/trainer", "", ""),
          dev.manta.graph.ImageReference.parse("acme/trainer"));
      String digest = "sha256:" + "ab".repeat(32);
      var withDigest = dev.manta.graph.ImageReference.parse("registry.example.com:443/a/b@" + digest);
      assertEquals("registry.example.com:443", withDigest.registry());
      assertEquals("a/b", withDigest.repository());
      assertEquals(digest, withDigest.digest());
      assertEquals("registry.example.com:443/a/b@" + digest, withDigest.toString());
    }
  }

  @Nested
  class Resources {
    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void cpuMustBePositive(double cpu) {
      Problem p = single(oneTask(t -> t.resources(cpu, "512Mi")));
      assertProblem(p, ProblemCode.RESOURCES, Kind.MODULE, "worker-worker", "cpu",
          "cpu of module 'worker-worker' is", "reserve a positive number of cores");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4GB", "abc", "0", "", "-1Gi", "1.5 Gi", "12mi"})
    void memoryMustBeAQuantity(String memory) {
      Problem p = single(oneTask(t -> t.resources(1.5, memory)));
      assertProblem(p, ProblemCode.RESOURCES, Kind.MODULE, "worker-worker", "memory",
          "memory '" + memory + "' of module 'worker-worker' is not a quantity", "Ki, Mi, Gi", "e.g. 512Mi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"512Mi", "1.5Gi", "1G", "1024", "4Gi", "100k"})
    void validQuantitiesPass(String memory) {
      assertClean(oneTask(t -> t.resources(0.5, memory)));
    }

    @Test
    void quantitiesInBytes() {
      assertEquals(512L << 20, dev.manta.graph.MemoryQuantity.bytes("512Mi").getAsLong());
      assertEquals(3L << 29, dev.manta.graph.MemoryQuantity.bytes("1.5Gi").getAsLong());
      assertEquals(1_000_000_000L, dev.manta.graph.MemoryQuantity.bytes("1G").getAsLong());
      assertEquals(1024L, dev.manta.graph.MemoryQuantity.bytes("1024").getAsLong());
    }

    @Test
    void cpuAndMemoryAreReportedSeparately() {
      List<Problem> problems = GraphValidator.validate(oneTask(t -> t.resources(0, "lots")));
      assertEquals(List.of("cpu", "memory"), problems.stream().map(p -> p.location().attribute()).toList());
    }

    @Test
    void moduleDefaultsPass() {
      assertEquals(new ResourceSpec(1, "512Mi"), ModuleSpec.of(Worker.class.getName()).resources());
      assertClean(swarm("defaults", s -> s.task(Worker.class)));
    }
  }

  @Nested
  class Labels {
    @ParameterizedTest
    @ValueSource(strings = {"zone", "zone=", "=east", "zone==east", "zone=east west", "-zone=east", "zone=east,a=b"})
    void aLabelIsKeyEqualsValue(String label) {
      Problem p = single(oneTask(t -> t.labels(label)));
      assertProblem(p, ProblemCode.LABELS, Kind.TASK, "worker", "labels[0]",
          "label '" + label + "' of task 'worker' is not valid", "key=value", "e.g. zone=east");
    }

    @Test
    void aColonGetsTheFixSpelledOut() {
      Problem p = single(oneTask(t -> t.labels("zone: east")));
      assertTrue(p.message().contains("(write 'zone=east')"), p.message());
    }

    @Test
    void oneKeyWithTwoValuesMatchesNoNode() {
      Problem p = single(oneTask(t -> t.labels("zone=east", "zone=west")));
      assertProblem(p, ProblemCode.LABELS, Kind.TASK, "worker", "labels[1]",
          "asks for label 'zone' to be both 'east' and 'west'", "keep one of them");
    }

    @Test
    void validLabelsPassAndMatchNodeLabels() {
      SwarmGraph g = oneTask(t -> t.labels("zone=east", "disk=ssd", "zone=east", "rack.id=r-1_2"));
      assertClean(g);
      TaskSpec t = g.task("worker").orElseThrow();
      assertEquals(List.of("zone=east", "disk=ssd", "zone=east", "rack.id=r-1_2"), t.labels());
      assertEquals("node.labels.zone==east", t.nodeLabels().get(0).dockerConstraint());
      assertTrue(t.nodeLabels().get(0).matches(java.util.Map.of("zone", "east", "x", "y")));
      assertFalse(t.nodeLabels().get(0).matches(java.util.Map.of("zone", "west")));
      assertFalse(t.nodeLabels().get(1).matches(java.util.Map.of()));
    }
  }

  @Nested
  class Copies {
    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void fewerThanOneFails(int copies) {
      Problem p = GraphValidator.checkCopies("mapper", copies).orElseThrow();
      assertProblem(p, ProblemCode.COPIES, Kind.TASK, "mapper", "copies", "copies of task 'mapper' is " + copies,
          "declare at least 1 copy");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10})
    void oneOrMorePass(int copies) {
      assertTrue(GraphValidator.checkCopies("mapper", copies).isEmpty());
    }

    @Test
    void theDslThrowsTheSameProblem() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> swarm("copies", s -> s.copies(Mapper.class, 0, t -> t.alias("mapper"))));
      assertEquals(GraphValidator.checkCopies("mapper", 0).orElseThrow().format(), e.getMessage());
    }
  }

  @Nested
  class GlobalType {
    /** Jackson finds no property to write. */
    static final class Opaque {}

    /** Refers to itself. */
    public static final class Loop {
      public Loop self = this;
    }

    @Test
    void objectWithNoPropertiesFails() {
      SwarmGraph g = swarm("globals", s -> {
        s.setGlobal("model", new Opaque());
        s.task(Worker.class);
      });
      assertProblem(single(g), ProblemCode.GLOBAL_TYPE, Kind.GLOBAL, "model", null,
          "global 'model' of type " + Opaque.class.getTypeName() + " cannot be written as JSON",
          "use primitives, strings, enums, arrays, lists, maps with string keys, or records of those");
      assertTrue(!single(g).message().contains("FAIL_ON_EMPTY_BEANS"), "no Jackson switch as advice");
    }

    @Test
    void selfReferencingObjectFails() {
      SwarmGraph g = swarm("globals", s -> {
        s.setGlobal("loop", new Loop());
        s.task(Worker.class);
      });
      Problem p = single(g);
      assertProblem(p, ProblemCode.GLOBAL_TYPE, Kind.GLOBAL, "loop", null, "cannot be written as JSON");
      assertTrue(!p.message().contains("\n"), "one line: " + p.message());
    }

    record Hyper(double learningRate, List<Integer> layers) {}

    enum Mode { FAST, SLOW }

    @Test
    void writableValuesPass() {
      assertClean(swarm("globals", s -> {
        s.setGlobal("weights", new double[] {1, 2});
        s.setGlobal("hyper", new Hyper(0.1, List.of(64, 32)));
        s.setGlobal("mode", Mode.FAST);
        s.setGlobal("map", java.util.Map.of("k", List.of("v")));
        s.setGlobal("text", "hello");
        s.task(Worker.class);
      }));
    }
  }

  @Nested
  class EmptySwarm {
    @Test
    void noTaskFails() {
      assertProblem(single(swarm("nothing", s -> {})), ProblemCode.EMPTY_SWARM, Kind.SWARM, "nothing", null,
          "declares no task", "declare at least one");
    }

    @Test
    void oneTaskPasses() {
      assertClean(swarm("something", s -> s.task(Worker.class)));
    }
  }

  @Nested
  class UnknownModule {
    private TaskSpec runs(String alias, String module) {
      return new TaskSpec(alias, module, Method.ANY, null, null, false, List.of(), List.of(), "", false, List.of());
    }

    @Test
    void taskNamingAModuleTheSwarmDoesNotListFails() {
      SwarmGraph g = graph(runs("w", "workers"));
      assertProblem(single(g), ProblemCode.UNKNOWN_MODULE, Kind.TASK, "w", "module",
          "task 'w' runs module 'workers', which swarm 'raw' does not list", "did you mean 'worker'?");
    }

    @Test
    void withoutACloseNameTheModulesAreListed() {
      assertProblem(single(graph(runs("w", "zzz"))), ProblemCode.UNKNOWN_MODULE, Kind.TASK, "w", "module",
          "the modules are worker");
    }

    @Test
    void listedModulePasses() {
      assertClean(graph(runs("w", "worker")));
    }
  }

  @Nested
  class Unreachable {
    @Test
    void taskLeadingToNoSinkIsAWarning() {
      SwarmGraph g = swarm("flow", s -> {
        var a = s.task(Worker.class, t -> t.alias("a"));
        var b = s.task(Worker.class, t -> t.alias("b")).after(a);
        var stray = s.task(Worker.class, t -> t.alias("stray"));
        s.task(Worker.class, t -> t.alias("after_stray")).after(stray);
        s.flow(b);
      });
      List<Problem> problems = GraphValidator.validate(g);
      assertEquals(2, problems.size(), problems::toString);
      assertProblem(problems.get(0), ProblemCode.UNREACHABLE, Kind.TASK, "stray", null,
          "task 'stray' leads to no end of the flow (b)", "connect it with after(...) or remove it");
      assertEquals("after_stray", problems.get(1).location().name());
      assertEquals(Severity.WARNING, problems.get(0).severity());
      assertTrue(!problems.get(0).isError());
      assertEquals(problems, GraphValidator.requireValid(g), "warnings do not stop a launch");
    }

    @Test
    void taskWithNoEdgeBesideAFlowIsDisconnected() {
      SwarmGraph g = graph(task("trainers"), task("aggregator", "trainers"), task("scheduler"));
      Problem p = single(g);
      assertProblem(p, ProblemCode.DISCONNECTED, Kind.TASK, "scheduler", null,
          "task 'scheduler' is connected to no other task of swarm 'raw'", "or remove it");
      assertEquals(Severity.WARNING, p.severity());
    }

    @Test
    void tasksWithoutAnyEdgeAreIndependentNotDisconnected() {
      assertClean(graph(task("a"), task("b"), task("c")));
      assertClean(graph(task("only")));
    }

    @Test
    void fanInAndDiamondsReachTheirSinks() {
      assertClean(dev.manta.fixtures.Samples.fanIn());
      assertClean(dev.manta.fixtures.Samples.diamond());
      assertClean(dev.manta.fixtures.Samples.fanOut());
    }
  }

  // --- several problems at once ---

  @Test
  void everyProblemIsReportedAtOnceInAStableOrder() {
    SwarmGraph g = swarm("Bad Swarm", s -> {
      s.maxIterations(0);
      s.network("net", Driver.BRIDGE);
      s.network("net", Driver.BRIDGE);
      s.setGlobal("Rate", 1);
      s.task(Worker.class, t -> t.alias("w").maximum(0).image("Bad Image"));
      s.task(Aggregator.class, t -> t.alias("agg").method(Method.FIXED).network("nowhere"));
    });
    List<String> codes = new ArrayList<>();
    GraphValidator.validate(g).forEach(p -> codes.add(p.code().tag() + "@" + p.location().name()));
    assertEquals(List.of("Manta/InvalidName@Bad Swarm", "Manta/MaxIterations@Bad Swarm", "Manta/Maximum@w",
        "Manta/FixedWithoutIds@agg", "Manta/UnknownNetwork@agg", "Manta/ImageReference@worker-w",
        "Manta/DuplicateNetwork@net", "Manta/InvalidName@Rate"), codes);
    assertEquals(GraphValidator.validate(g), GraphValidator.validate(g));
  }

  @Test
  void requireValidThrowsWithEveryProblemFormatted() {
    SwarmGraph g = graph(task("a", "b"), task("b", "a"), task("c", "nope"));
    SwarmValidationException e = assertThrows(SwarmValidationException.class, () -> GraphValidator.requireValid(g));
    assertEquals("raw", e.swarm());
    assertEquals(GraphValidator.validate(g), e.problems());
    for (Problem p : e.problems()) {
      assertTrue(e.getMessage().contains(p.format()), e.getMessage());
    }
    assertTrue(e.getMessage().startsWith("swarm 'raw' is not valid:"), e.getMessage());
  }

  @Test
  void closestSuggestsOnlyNearNames() {
    assertEquals("trainers", GraphValidator.closest("trainer", List.of("aggregator", "trainers")).orElseThrow());
    assertEquals("aggregator", GraphValidator.closest("agregator", List.of("aggregator", "trainers")).orElseThrow());
    assertTrue(GraphValidator.closest("zzz", List.of("aggregator", "trainers")).isEmpty());
    assertTrue(GraphValidator.closest("x", List.of()).isEmpty());
  }

  @Test
  void locationSaysWhereInWords() {
    assertEquals("task 'w', maximum", new Location(Kind.TASK, "w", "maximum").toString());
    assertEquals("swarm 's'", new Location(Kind.SWARM, "s", null).toString());
    assertNull(new Location(Kind.SWARM, "s", null).attribute());
  }
}
