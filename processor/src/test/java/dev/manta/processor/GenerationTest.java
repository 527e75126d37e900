package dev.manta.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.manta.processor.Sources.FEDERATED_LEARNING;
import static dev.manta.processor.Sources.MAP_REDUCE;
import static dev.manta.processor.Sources.compile;
import static dev.manta.processor.Sources.java;
import static dev.manta.processor.Sources.taskClass;
import static dev.manta.processor.Sources.messages;
import static dev.manta.processor.Sources.resource;
import static dev.manta.processor.Sources.text;
import static dev.manta.processor.Sources.withTasks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.ModuleCatalog;
import dev.manta.dsl.Swarms;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.Json;
import dev.manta.graph.Mermaid;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.spi.SwarmSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the processor writes for valid swarms, checked against golden files and the DSL. */
class GenerationTest {
  private static Compilation guide;

  @BeforeAll
  static void compileTheGuidesExamples() {
    guide = compile(withTasks(java("com.acme.FederatedLearning", FEDERATED_LEARNING),
        java("com.acme.MapReduce", MAP_REDUCE)));
    assertThat(guide).succeededWithoutWarnings();
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = GenerationTest.class.getResourceAsStream("/golden/" + name)) {
      assertTrue(in != null, "missing golden file " + name);
      return in.readAllBytes();
    }
  }

  private static byte[] manifest(Compilation c, String swarm) {
    return resource(c, "META-INF/manta/swarms/" + swarm + ".json")
        .orElseThrow(() -> new AssertionError("no manifest for " + swarm + "\n" + messages(c)));
  }

  @Test
  void manifestsMatchTheGoldenFilesByteForByte() throws IOException {
    assertArrayEquals(golden("fl_experiment.json"), manifest(guide, "fl_experiment"));
    assertArrayEquals(golden("mapreduce_job.json"), manifest(guide, "mapreduce_job"));
  }

  @Test
  void aTaskTimeoutReachesTheManifestAndTheGeneratedGraph(@TempDir Path dir) throws Exception {
    Compilation c = compile(withTasks(java("com.acme.Timed", """
        package com.acme;
        import dev.manta.*;
        @Swarm(name = "timed")
        public interface Timed {
          @Task(method = Method.ALL, timeout = "10m") Trainer trainers();
          @Task(maximum = 1) Aggregator aggregator(Trainer trainers);
        }
        """)));
    assertThat(c).succeededWithoutWarnings();
    JsonNode tasks = Json.mapper().readTree(manifest(c, "timed")).get("tasks");
    assertEquals("10m", tasks.get(0).get("timeout").asText());
    assertTrue(tasks.get(1).get("timeout").isNull());
    try (URLClassLoader loader = Sources.load(c, dir)) {
      SwarmGraph g = swarmSource(loader, "MantaTimed").graph();
      assertEquals(java.time.Duration.ofMinutes(10), g.task("trainers").orElseThrow().timeoutDuration().orElseThrow());
    }
  }

  /**
   * The original SDK's default placement: a ported task with no method runs on every node. The
   * generated class leaves the default out of its option calls, so an explicit ALL over a class's
   * ANY must still reach the generated graph.
   */
  @Test
  void aTaskWithNoMethodRunsOnEveryNodeInTheManifestAndTheGeneratedGraph(@TempDir Path dir) throws Exception {
    Compilation c = compile(withTasks(taskClass("Once", "@Task(method = Method.ANY)"), java("com.acme.Ported", """
        package com.acme;
        import dev.manta.*;
        @Swarm(name = "ported")
        public interface Ported {
          Aggregator workers();
          @Task(method = Method.ALL) Once everywhere(Aggregator workers);
          Once once(Once everywhere);
        }
        """)));
    assertThat(c).succeededWithoutWarnings();
    JsonNode tasks = Json.mapper().readTree(manifest(c, "ported")).get("tasks");
    assertEquals("ALL", tasks.get(0).get("method").asText());
    assertTrue(tasks.get(0).get("maximum").isNull());
    assertEquals("ALL", tasks.get(1).get("method").asText());
    assertEquals("ANY", tasks.get(2).get("method").asText(), "the class's explicit ANY is inherited");
    try (URLClassLoader loader = Sources.load(c, dir)) {
      SwarmGraph g = swarmSource(loader, "MantaPorted").graph();
      assertEquals(Method.ALL, g.task("workers").orElseThrow().method());
      assertEquals(-1, g.task("workers").orElseThrow().effectiveMaximum());
      assertEquals(Method.ALL, g.task("everywhere").orElseThrow().method());
      assertEquals(Method.ANY, g.task("once").orElseThrow().method());
      assertArrayEquals(manifest(c, "ported"), ManifestCodec.write(Manifest.of(g)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends TaskBody> task(ClassLoader loader, String name) throws ClassNotFoundException {
    return (Class<? extends TaskBody>) loader.loadClass("com.acme." + name);
  }

  private static SwarmSource swarmSource(ClassLoader loader, String name) throws ReflectiveOperationException {
    return (SwarmSource) loader.loadClass("com.acme." + name).getConstructor().newInstance();
  }

  @Test
  void generatedFederatedLearningBuildsTheGraphTheDslBuilds(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = Sources.load(guide, dir)) {
      SwarmGraph dsl = Swarms.define("fl_experiment", s -> {
        s.sourceClass("com.acme.FederatedLearning");
        s.network("backend", Driver.OVERLAY);
        s.computedGlobal("epochs", "int");
        s.computedGlobal("weights", "double[]");
        try {
          var trainers = s.task(task(loader, "Trainer"), t -> t.alias("trainers").method(Method.ALL).network("backend"));
          var aggregator = s.task(task(loader, "Aggregator"), t -> t.alias("aggregator").method(Method.ANY).maximum(1));
          var scheduler = s.task(task(loader, "Scheduler"), t -> t.alias("scheduler").method(Method.ANY).maximum(1));
          s.flow(scheduler.after(aggregator.after(trainers)));
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      });
      SwarmSource generated = swarmSource(loader, "MantaFederatedLearning");
      assertEquals("fl_experiment", generated.name());
      assertEquals(dsl, generated.graph());
      assertArrayEquals(ManifestCodec.write(Manifest.of(dsl)), manifest(guide, "fl_experiment"));
      assertEquals(Mermaid.render(dsl), text(guide, "META-INF/manta/swarms/fl_experiment.mmd"));

      Map<String, Object> globals = generated.computeGlobals();
      assertEquals(Set.of("epochs", "weights"), globals.keySet());
      assertEquals(10, globals.get("epochs"));
      assertEquals(650, ((double[]) globals.get("weights")).length);
    }
  }

  @Test
  void generatedMapReduceBuildsTheGraphTheDslBuilds(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = Sources.load(guide, dir)) {
      Class<? extends TaskBody> mapper = task(loader, "Mapper");
      Class<? extends TaskBody> reducer = task(loader, "Reducer");
      SwarmGraph dsl = Swarms.define("mapreduce_job", s -> {
        s.sourceClass("com.acme.MapReduce");
        s.maxIterations(1);
        var mappers = s.copies(mapper, 10, t -> t.alias("mapper").method(Method.ALL));
        var reduce = s.task(reducer, t -> t.alias("reducer").method(Method.ANY).maximum(1));
        s.flow(reduce.after(Condition.RESULT, mappers));
      });
      SwarmSource generated = swarmSource(loader, "MantaMapReduce");
      assertEquals(dsl, generated.graph());
      assertEquals(11, dsl.tasks().size());
      assertArrayEquals(ManifestCodec.write(Manifest.of(dsl)), manifest(guide, "mapreduce_job"));
      String picture = text(guide, "META-INF/manta/swarms/mapreduce_job.mmd");
      assertEquals(Mermaid.render(dsl), picture);
      assertTrue(picture.startsWith("flowchart LR\n"));
      assertEquals(10, picture.lines().filter(l -> l.contains("-->|RESULT|")).count());
      assertEquals(Map.of(), generated.computeGlobals());
    }
  }

  @Test
  void moduleDescriptorGivesTheDslTheClassDefaults(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = Sources.load(guide, dir)) {
      ModuleSpec trainer = ModuleCatalog.lookup(task(loader, "Trainer"));
      assertEquals(new ModuleSpec("trainer", "com.acme.Trainer", ModuleSpec.DEFAULT_IMAGE, List.of("digits"),
          new ResourceSpec(2, "4Gi"), false), trainer);
      assertEquals("eclipse-temurin:21-jre", ModuleCatalog.lookup(task(loader, "Reducer")).image());
    }
  }

  /**
   * A class's explicit scheduling attributes reach the DSL through its descriptor: {@code s.task(Type.class)}
   * gives the task the annotated swarm gives, and explicit DSL options override them as method attributes do.
   */
  @Test
  void classTaskDefaultsGiveTheDslTheAnnotatedSwarmsTasks(@TempDir Path dir) throws Exception {
    String gatherer = """
        package com.acme;
        import dev.manta.*;
        @Task(method = Method.ALL, maximum = 3, fixed = true, specifiedIds = {"n1", "n2"}, exceptedIds = "n9",
            network = "backend", gpu = true, datasets = "logs")
        public final class Gatherer implements TaskBody { public void run(TaskContext c) {} }
        """;
    String swarm = """
        package com.acme;
        import dev.manta.*;
        @Swarm(name = "gathering", networks = @Network(name = "backend"))
        public interface Gathering {
          Gatherer gatherer();
          @Task(method = Method.ANY, maximum = 1, fixed = false, network = "") Gatherer single(Gatherer gatherer);
          @Task(copies = 2) Gatherer many(Gatherer single);
          Aggregator aggregator(Gatherer many);
        }
        """;
    Compilation c = compile(withTasks(java("com.acme.Gatherer", gatherer), java("com.acme.Gathering", swarm)));
    assertThat(c).succeededWithoutWarnings();
    JsonNode modules = Json.mapper().readTree(text(c, "META-INF/manta/index.json")).path("modules");
    JsonNode descriptor = modules.path("com.acme.Gatherer").path("descriptor");
    assertEquals(Json.mapper().readTree("""
        {"method": "ALL", "maximum": 3, "fixed": true, "specifiedIds": ["n1", "n2"], "exceptedIds": ["n9"],
         "network": "backend"}"""), descriptor.get("defaults"));
    assertTrue(resource(c, "META-INF/manta/modules/com.acme.Gatherer.json").isEmpty(), "descriptors live in the index");
    assertFalse(modules.path("com.acme.Aggregator").path("descriptor").has("defaults"),
        "a class that sets no scheduling attribute gets no defaults object");
    try (URLClassLoader loader = Sources.load(c, dir)) {
      Class<? extends TaskBody> type = task(loader, "Gatherer");
      SwarmGraph dsl = Swarms.define("gathering", s -> {
        s.sourceClass("com.acme.Gathering");
        s.network("backend", Driver.OVERLAY);
        var all = s.task(type);
        var single = s.task(type, t -> t.alias("single").method(Method.ANY).maximum(1).fixed(false).network(""));
        var many = s.copies(type, 2, t -> t.alias("many"));
        try {
          s.task(task(loader, "Aggregator")).after(many);
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
        single.after(all);
        many.forEach(m -> m.after(single));
      });
      SwarmGraph generated = swarmSource(loader, "MantaGathering").graph();
      assertEquals(generated, dsl);
      var gathererTask = dsl.task("gatherer").orElseThrow();
      assertEquals(Method.ALL, gathererTask.method());
      assertEquals(3, gathererTask.maximum());
      assertTrue(gathererTask.fixed());
      assertEquals(List.of("n1", "n2"), gathererTask.specifiedIds());
      assertEquals("backend", gathererTask.network());
      assertTrue(gathererTask.gpu());
      assertEquals(Method.ANY, dsl.task("single").orElseThrow().method());
      assertEquals(Method.ALL, dsl.task("many_1").orElseThrow().method());
      assertArrayEquals(manifest(c, "gathering"), ManifestCodec.write(Manifest.of(dsl)));
    }
  }

  @Test
  void globalOverridesBecomeConstants(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = Sources.load(guide, dir)) {
      SwarmGraph g = (SwarmGraph) loader.loadClass("com.acme.MantaFederatedLearning")
          .getMethod("graph", Map.class).invoke(null, Map.of("epochs", 3));
      GlobalSpec epochs = g.global("epochs").orElseThrow();
      assertFalse(epochs.computed());
      assertEquals(3, epochs.value().intValue());
      assertTrue(g.global("weights").orElseThrow().computed());
    }
  }

  private static final String SHAPES = """
      package com.acme;
      import dev.manta.*;
      @Swarm(name = "shapes", maxIterations = 3, networks = {
          @Network(name = "front", driver = Driver.BRIDGE), @Network(name = "back")})
      public interface Shapes {
        @Global("rounds") default int rounds() { return 4; }
        @Global("plan") default java.util.List<String> plan() { return java.util.List.of("a"); }
        @Task(copies = 3, network = "front", labels = "zone=east") Trainer trainers();
        @Task(method = Method.ANY, maximum = 1, timeout = "5m", network = "back") Aggregator gather(
            @On(Condition.RESULT) Trainer trainers);
        @Task(copies = 2) Trainer again(Aggregator gather, Trainer trainers);
        Aggregator last(Trainer again, Aggregator gather);
      }
      """;

  /** The DSL calls the processor makes for {@link #SHAPES}: the graph it validates. */
  private static SwarmGraph shapes(ClassLoader loader, Map<String, ?> overrides) throws ClassNotFoundException {
    Class<? extends TaskBody> trainer = task(loader, "Trainer");
    Class<? extends TaskBody> aggregator = task(loader, "Aggregator");
    return Swarms.define("shapes", overrides, s -> {
      s.sourceClass("com.acme.Shapes");
      s.maxIterations(3);
      s.network("front", Driver.BRIDGE);
      s.network("back", Driver.OVERLAY);
      s.computedGlobal("rounds", "int");
      s.computedGlobal("plan", "java.util.List<java.lang.String>");
      var trainers = s.copies(trainer, 3, t -> t.alias("trainers").method(Method.ALL).network("front")
          .labels("zone=east"));
      var gather = s.task(aggregator, t -> t.alias("gather").method(Method.ANY).maximum(1).timeout("5m")
          .network("back"));
      gather.after(Condition.RESULT, trainers);
      var again = s.copies(trainer, 2, t -> t.alias("again").method(Method.ALL));
      again.forEach(a -> a.after(gather).after(trainers));
      s.task(aggregator, t -> t.alias("last").method(Method.ALL)).after(again).after(gather);
    });
  }

  /**
   * The generated class reads its graph from the manifest: copies, fan-in, networks, options and
   * computed globals (with their Java types) come back as the graph the processor validated, with
   * and without launch-time overrides.
   */
  @Test
  void generatedClassReturnsTheValidatedGraphFromItsManifest(@TempDir Path dir) throws Exception {
    Compilation c = compile(withTasks(java("com.acme.Shapes", SHAPES)));
    assertThat(c).succeededWithoutWarnings();
    String source = c.generatedSourceFile("com.acme.MantaShapes").orElseThrow().getCharContent(true).toString();
    assertFalse(source.contains("Swarms.define") || source.contains("ModuleSpec"), source);
    try (URLClassLoader loader = Sources.load(c, dir)) {
      SwarmGraph validated = shapes(loader, Map.of());
      SwarmSource generated = swarmSource(loader, "MantaShapes");
      SwarmGraph graph = generated.graph();
      assertEquals(validated, graph);
      assertEquals("java.util.List<java.lang.String>", graph.global("plan").orElseThrow().javaType());
      assertEquals(List.of("gather", "trainers_0", "trainers_1", "trainers_2"),
          graph.task("again_1").orElseThrow().upstreamAliases().stream().sorted().toList());
      assertArrayEquals(manifest(c, "shapes"), ManifestCodec.write(Manifest.of(graph)));

      Map<String, Object> overrides = Map.of("rounds", 9, "extra", List.of(1, 2), "odd", new Object());
      SwarmGraph overridden = (SwarmGraph) loader.loadClass("com.acme.MantaShapes")
          .getMethod("graph", Map.class).invoke(null, overrides);
      assertEquals(shapes(loader, overrides), overridden);
      assertFalse(overridden.global("rounds").orElseThrow().computed());
      assertEquals("java.lang.Integer", overridden.global("rounds").orElseThrow().javaType());
      assertTrue(overridden.global("plan").orElseThrow().computed());
      assertTrue(overridden.global("odd").orElseThrow().problem() != null, "not writable as JSON");
      assertEquals(Map.of("rounds", 4, "plan", List.of("a")), generated.computeGlobals());
    }
  }

  /** A manifest that is missing, names another swarm or declares other computed globals is refused with what to do. */
  @Test
  void generatedClassRefusesAManifestFromAnotherBuild(@TempDir Path dir) throws Exception {
    Compilation c = compile(withTasks(java("com.acme.Shapes", SHAPES)));
    assertThat(c).succeededWithoutWarnings();
    Path manifest = dir.resolve("META-INF/manta/swarms/shapes.json");
    try (URLClassLoader loader = Sources.load(c, dir)) {
      SwarmSource generated = swarmSource(loader, "MantaShapes");
      String written = Files.readString(manifest);

      Files.writeString(manifest, written.replace("\"plan\"", "\"plans\""));
      IllegalStateException stale = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          generated::graph);
      assertEquals("swarm 'shapes': its manifest declares the computed globals [plans, rounds], but "
          + "com.acme.MantaShapes evaluates [plan, rounds]; they come from different builds: rebuild the project",
          stale.getMessage());

      Files.writeString(manifest, written.replace("\"swarm\" : \"shapes\"", "\"swarm\" : \"other\""));
      dev.manta.manifest.ManifestException renamed = org.junit.jupiter.api.Assertions.assertThrows(
          dev.manta.manifest.ManifestException.class, generated::graph);
      assertTrue(renamed.getMessage().endsWith("shapes.json at $.swarm: names swarm 'other', but com.acme.MantaShapes "
          + "is generated for swarm 'shapes'; rebuild the project"), renamed.getMessage());

      Files.delete(manifest);
      IllegalStateException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          generated::graph);
      assertEquals("swarm 'shapes': its manifest META-INF/manta/swarms/shapes.json is not on the class path of "
          + "com.acme.MantaShapes; rebuild the project", missing.getMessage());
    }
  }

  /** With two manifests of one swarm name on the class path, the generated class reads the one beside it. */
  @Test
  void generatedClassReadsTheManifestBesideIt(@TempDir Path dir) throws Exception {
    Compilation c = compile(withTasks(java("com.acme.Shapes", SHAPES)));
    assertThat(c).succeededWithoutWarnings();
    Path first = dir.resolve("first");
    Files.createDirectories(first.resolve("META-INF/manta/swarms"));
    Files.writeString(first.resolve("META-INF/manta/swarms/shapes.json"), "not the manifest");
    Path classes = dir.resolve("classes");
    Sources.load(c, classes).close();
    try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {first.toUri().toURL(),
        classes.toUri().toURL()}, GenerationTest.class.getClassLoader())) {
      assertEquals(shapes(loader, Map.of()), swarmSource(loader, "MantaShapes").graph());
    }
  }

  /** Every task option, set on the method or inherited from the class, survives into the generated class. */
  @Test
  void generatedClassAgreesWithTheProcessorOnEveryOption(@TempDir Path dir) throws Exception {
    String worker = """
        package com.acme;
        import dev.manta.*;
        @Task(method = Method.MAXIMUM, fraction = 0.5, exceptedIds = "n9", gpu = true, datasets = {"a", "b"})
        public final class Worker implements TaskBody { public void run(TaskContext c) {} }
        """;
    String swarm = """
        package com.acme;
        import dev.manta.*;
        @Swarm(name = "options", maxIterations = 7, networks = {
            @Network(name = "front", driver = Driver.BRIDGE), @Network(name = "back")})
        public interface Options {
          @Global("plan") default java.util.Map<String, java.util.List<Integer>> plan() {
            return java.util.Map.of("a", java.util.List.of(1, 2));
          }
          @Task(copies = 3, network = "front", image = "localhost:5000/acme/worker:2") Worker workers();
          @Task(method = Method.FIXED, specifiedIds = {"n1", "n2"}, fixed = true, gpu = false,
              resources = @Resources(memory = "1Gi")) Worker pinned(@On(Condition.RESULT) Worker workers);
          @Task(maximum = -1, datasets = "c", copies = 2) Trainer trainers(Worker pinned, Worker workers);
        }
        """;
    Compilation c = compile(withTasks(java("com.acme.Worker", worker), java("com.acme.Options", swarm)));
    assertThat(c).succeededWithoutWarnings();
    try (URLClassLoader loader = Sources.load(c, dir)) {
      SwarmSource generated = swarmSource(loader, "MantaOptions");
      SwarmGraph graph = generated.graph();
      assertArrayEquals(manifest(c, "options"), ManifestCodec.write(Manifest.of(graph)));
      assertEquals(List.of("workers_0", "workers_1", "workers_2", "pinned", "trainers_0", "trainers_1"),
          graph.tasks().stream().map(t -> t.alias()).toList());
      var pinned = graph.task("pinned").orElseThrow();
      assertEquals(Method.FIXED, pinned.method());
      assertEquals(0.5, pinned.fraction());
      assertEquals(List.of("n9"), pinned.exceptedIds());
      assertFalse(pinned.gpu());
      assertEquals(Condition.RESULT, pinned.upstream().get(0).condition());
      assertEquals("worker-pinned", pinned.module());
      assertEquals("1Gi", graph.module("worker-pinned").orElseThrow().resources().memory());
      assertEquals("localhost:5000/acme/worker:2", graph.module("worker-workers_0").orElseThrow().image());
      assertEquals(4, graph.task("trainers_1").orElseThrow().upstream().size());
      assertEquals(Map.of("a", List.of(1, 2)), generated.computeGlobals().get("plan"));
    }
  }

  @Test
  void nestedTypesAndTaskMethodsNamedLikeTheGeneratedLocals(@TempDir Path dir) throws Exception {
    String outer = """
        package com.acme;
        import dev.manta.*;
        public final class Outer {
          @Task(datasets = "d")
          public static final class Step implements TaskBody { public void run(TaskContext c) {} }

          @Swarm(name = "nested")
          public interface Flow {
            @Global("n") default int n() { return 2; }
            Step s();
            @Task(copies = 2) Step t(Step s);
            @Task(alias = "last") Step globalOverrides(Step t, Step s);
          }
        }
        """;
    Compilation c = compile(java("com.acme.Outer", outer));
    assertThat(c).succeededWithoutWarnings();
    assertEquals(List.of("/SOURCE_OUTPUT/com/acme/MantaOuter_Flow.java"),
        c.generatedSourceFiles().stream().map(f -> f.toUri().getPath()).toList(), "one source per swarm, none per task");
    try (URLClassLoader loader = Sources.load(c, dir)) {
      SwarmSource generated = swarmSource(loader, "MantaOuter_Flow");
      SwarmGraph graph = generated.graph();
      assertArrayEquals(manifest(c, "nested"), ManifestCodec.write(Manifest.of(graph)));
      assertEquals("outer_step", graph.modules().get(0).name());
      assertEquals(List.of("t_0", "t_1", "s"), graph.task("last").orElseThrow().upstreamAliases());
      assertEquals(Map.of("n", 2), generated.computeGlobals());
    }
  }

  @Test
  void theFixedLauncherStartsACompiledTaskClassByItsName(@TempDir Path dir) throws Exception {
    Path classes = dir.resolve("classes");
    Sources.load(guide, classes).close();
    Path services = classes.resolve("META-INF/services/dev.manta.spi.AgentEntryPoint");
    Files.createDirectories(services.getParent());
    Files.writeString(services, RecordingEntryPoint.class.getName() + "\n");
    assertTrue(Sources.written(guide).stream().noneMatch(f -> f.getName().contains("Launcher")),
        () -> Sources.written(guide).toString());
    // What every module image runs (docs/maven-plugin.md, "What runs").
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), "dev.manta.spi.Launchers",
        "com.acme.Trainer", "--node", "n1")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(7, p.exitValue(), out);
    assertTrue(out.contains("module=com.acme.Trainer created=com.acme.Trainer fresh=true args=--node,n1"), out);
  }

  @Test
  void indexListsSwarmsModulesAndDslDefinitions() throws IOException {
    String definitions = """
        package com.acme;
        import dev.manta.dsl.*;
        public final class Jobs {
          public static final class Good extends SwarmDefinition {
            public Good() { super("good"); }
            @Override protected Flow execute() { return task(Trainer.class); }
          }
          public abstract static class Base extends SwarmDefinition {
            protected Base() { super("base"); }
          }
          public static final class NeedsArgs extends Base {
            public NeedsArgs(int x) {}
            @Override protected Flow execute() { return task(Trainer.class); }
          }
        }
        """;
    Compilation c = compile(withTasks(java("com.acme.FederatedLearning", FEDERATED_LEARNING),
        java("com.acme.Jobs", definitions)));
    assertThat(c).succeededWithoutWarnings();
    JsonNode index = Json.mapper().readTree(text(c, "META-INF/manta/index.json"));
    assertEquals(2, index.path("indexVersion").asInt());
    JsonNode fl = index.path("swarms").path("fl_experiment");
    assertEquals("META-INF/manta/swarms/fl_experiment.json", fl.path("manifest").asText());
    assertEquals("com.acme.MantaFederatedLearning", fl.path("class").asText());
    assertEquals("com.acme.FederatedLearning", fl.path("source").asText());
    assertEquals(5, index.path("modules").size());
    JsonNode trainer = index.path("modules").path("com.acme.Trainer");
    assertEquals("trainer", trainer.path("name").asText());
    JsonNode descriptor = trainer.path("descriptor");
    assertTrue(descriptor.isObject(), trainer.toString());
    assertEquals("trainer", descriptor.path("name").asText());
    assertEquals("com.acme.Trainer", descriptor.path("entryClass").asText());
    assertTrue(descriptor.has("image") && descriptor.has("resources") && descriptor.has("datasets"), descriptor.toString());
    assertEquals(List.of("descriptor", "name"), Json.mapper().convertValue(trainer, Map.class).keySet().stream()
        .sorted().toList(), "no launcher: images start dev.manta.spi.Launchers");
    assertEquals(List.of("com.acme.Jobs$Good"), Json.mapper().convertValue(index.path("definitions"), List.class));
  }

  @Test
  void unrelatedSourcesGetNothing() {
    Compilation c = compile(java("com.acme.Plain", "package com.acme; public class Plain { @Deprecated void x() {} }"));
    assertThat(c).succeededWithoutWarnings();
    assertTrue(Sources.written(c).stream().noneMatch(f -> f.getName().contains("META-INF")),
        () -> Sources.written(c).toString());
  }

  /** Generates a {@code @Task} class in the first round, as e.g. an AutoValue-style processor would. */
  static final class LateTaskProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("com.acme.Late").openWriter()) {
          w.write("package com.acme;\n@dev.manta.Task(datasets = \"late\")\n"
              + "public final class Late implements dev.manta.TaskBody { public void run(dev.manta.TaskContext c) {} }\n");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void swarmUsingAGeneratedTaskClassIsReadInALaterRound() throws IOException {
    String swarm = """
        package com.acme;
        import dev.manta.*;
        @Swarm(name = "late")
        public interface LateSwarm {
          Late early();
          Aggregator aggregator(Late early);
        }
        """;
    Compilation c = Compiler.javac().withProcessors(new MantaProcessor(), new LateTaskProcessor())
        .compile(withTasks(java("com.acme.LateSwarm", swarm)));
    assertThat(c).succeededWithoutWarnings();
    String manifest = text(c, "META-INF/manta/swarms/late.json");
    assertTrue(manifest.contains("\"entryClass\" : \"com.acme.Late\""), manifest);
    assertTrue(Json.mapper().readTree(text(c, "META-INF/manta/index.json")).path("modules").path("com.acme.Late")
        .path("descriptor").isObject());
  }

  @Test
  void missingTypeIsLeftToJavac() {
    String swarm = """
        package com.acme;
        import dev.manta.*;
        @Swarm(name = "missing")
        public interface MissingSwarm {
          Nowhere nowhere();
          Aggregator aggregator(Nowhere nowhere);
        }
        """;
    Compilation c = compile(withTasks(java("com.acme.MissingSwarm", swarm)));
    // The compiler's own error: javac and ecj word it differently.
    assertThat(c).hadErrorContaining(Sources.compilerName().equals("ecj") ? "Nowhere cannot be resolved to a type"
        : "cannot find symbol");
    assertTrue(c.diagnostics().stream().noneMatch(d -> d.getMessage(null).contains("[Manta/")), () -> messages(c));
  }

  @Test
  void malformedAnnotationsAreLeftToJavac() {
    String swarm = """
        package com.acme;
        import dev.manta.*;
        @Swarm(maxIterations = 2)
        public interface Unnamed {
          @Task(method = Method.SOMETIMES) Trainer trainers();
          Aggregator aggregator(@On Trainer trainers);
        }
        """;
    Compilation c = compile(withTasks(java("com.acme.Unnamed", swarm)));
    assertThat(c).failed();
    assertTrue(c.diagnostics().stream().noneMatch(d -> d.getMessage(null).contains("[Manta/")), () -> messages(c));
  }
}
