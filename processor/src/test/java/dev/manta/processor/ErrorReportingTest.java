package dev.manta.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.manta.processor.Sources.compile;
import static dev.manta.processor.Sources.count;
import static dev.manta.processor.Sources.java;
import static dev.manta.processor.Sources.lineOf;
import static dev.manta.processor.Sources.messages;
import static dev.manta.processor.Sources.withTasks;
import static dev.manta.processor.Sources.resource;
import static dev.manta.processor.Sources.taskClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.manta.validation.ProblemCode;
import java.util.EnumSet;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every compile-time problem: its code, its file and its line (for attribute problems, the line of
 * the attribute inside an annotation that spans lines), reported once.
 */
class ErrorReportingTest {
  private static final Set<ProblemCode> COVERED = EnumSet.noneOf(ProblemCode.class);

  /** A swarm interface {@code com.acme.S} with {@code body}. */
  private static String swarm(String annotation, String body) {
    return """
        package com.acme;

        import dev.manta.*;

        %s
        public interface S {
        %s
        }
        """.formatted(annotation, body);
  }

  /** Asserts exactly one diagnostic with {@code code}'s tag, in {@code file} on the line holding {@code needle}. */
  private static void assertOnly(Compilation c, ProblemCode code, JavaFileObject file, String src, String needle) {
    COVERED.add(code);
    String tag = "[" + code.tag() + "]";
    Diagnostic.Kind kind = code.severity() == dev.manta.validation.Severity.ERROR
        ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING;
    assertEquals(1, count(c, kind, tag), () -> "expected one " + tag + ":\n" + messages(c));
    if (kind == Diagnostic.Kind.ERROR) {
      assertThat(c).hadErrorContaining(tag).inFile(file).onLine(lineOf(src, needle));
    } else {
      assertThat(c).hadWarningContaining(tag).inFile(file).onLine(lineOf(src, needle));
    }
  }

  private static Compilation compileSwarm(String src) {
    return compile(withTasks(java("com.acme.S", src)));
  }

  private static void check(ProblemCode code, String src, String needle) {
    Compilation c = compileSwarm(src);
    assertOnly(c, code, c.sourceFiles().stream().filter(f -> f.getName().endsWith("S.java")).findFirst().orElseThrow(),
        src, needle);
  }

  @Test
  void cycleIsReportedOnceWithItsPathOnTheEdgeThatClosesIt() {
    String src = swarm("@Swarm(name = \"loop\")", """
          Trainer a(
              Scheduler c);
          Aggregator b(Trainer a);
          Scheduler c(Aggregator b);
        """);
    check(ProblemCode.CYCLE, src, "Scheduler c)");
    assertThat(compileSwarm(src)).hadErrorContaining("[Manta/Cycle] tasks form a cycle: a -> b -> c -> a");
  }

  @Test
  void taskLeadingOnlyIntoACycleIsAWarning() {
    String src = swarm("@Swarm(name = \"stuck\")", """
          Trainer a();
          Aggregator b(Trainer a, Scheduler c);
          Scheduler c(Aggregator b);
        """);
    check(ProblemCode.UNREACHABLE, src, "Trainer a(");
    assertThat(compileSwarm(src)).hadWarningContaining("task 'a' leads to no end of the flow");
  }

  @Test
  void parameterNamingNoTaskSuggestsTheClosest() {
    String src = swarm("@Swarm(name = \"fl\")", """
          Trainer trainers();
          Aggregator aggregator(
              Trainer trainer);
        """);
    check(ProblemCode.UNKNOWN_TASK, src, "Trainer trainer)");
    assertThat(compileSwarm(src)).hadErrorContaining(
        "parameter 'trainer' of task method 'aggregator' names no task of swarm 'fl'; did you mean 'trainers'?");
  }

  @Test
  void parameterOfTheWrongType() {
    String src = swarm("@Swarm(name = \"fl\")", """
          Trainer trainers();
          Aggregator aggregator(Scheduler trainers);
        """);
    check(ProblemCode.PARAMETER_TYPE, src, "Scheduler trainers");
    assertThat(compileSwarm(src)).hadErrorContaining("declare it as 'Trainer trainers'");
  }

  private static void checkTaskClass(String declaration, String needle, String message) {
    String src = """
        package com.acme;

        import dev.manta.*;

        %s
        """.formatted(declaration);
    JavaFileObject file = java("com.acme.Bad", src);
    Compilation c = compile(file);
    assertOnly(c, ProblemCode.TASK_CLASS, file, src, needle);
    assertThat(c).hadErrorContaining(message);
  }

  @Test
  void taskClassNotImplementingTaskBody() {
    checkTaskClass("@Task(datasets = \"x\")\npublic final class Bad {}", "@Task", "does not implement dev.manta.TaskBody");
  }

  @Test
  void taskClassWithoutNoArgConstructor() {
    checkTaskClass("""
        @Task
        public final class Bad implements TaskBody {
          public Bad(int x) {}
          public void run(TaskContext ctx) {}
        }""", "@Task", "add 'public Bad() {}'");
  }

  @Test
  void abstractTaskClass() {
    checkTaskClass("""
        @Task
        public abstract class Bad implements TaskBody {}""", "@Task", "is abstract");
  }

  @Test
  void innerTaskClass() {
    checkTaskClass("""
        public final class Bad {
          @Task
          public final class Inner implements TaskBody {
            public void run(TaskContext ctx) {}
          }
        }""", "@Task", "make it a top-level or static nested class");
  }

  @Test
  void swarmOnAClass() {
    String src = """
        package com.acme;

        import dev.manta.*;

        @Swarm(name = "wrong")
        public abstract class S {}
        """;
    check(ProblemCode.SWARM_TARGET, src, "@Swarm");
  }

  @Test
  void taskMethodWithABody() {
    check(ProblemCode.TASK_METHOD, swarm("@Swarm(name = \"s\")", """
          Trainer trainers();
          @Task(method = Method.ALL) default Trainer helper() { return null; }
        """), "default Trainer helper");
  }

  @Test
  void taskOnADefaultMethodIsAnErrorOnThatMethodNotAnEmptySwarm() {
    String src = swarm("@Swarm(name = \"s\")", """
          @Task(method = Method.ALL)
          default Trainer trainers() { return null; }
        """);
    check(ProblemCode.TASK_METHOD, src, "@Task(method = Method.ALL)");
    Compilation c = compileSwarm(src);
    assertThat(c).hadErrorContaining("method 'trainers' has a body, so it declares no task");
    assertEquals(0, count(c, Diagnostic.Kind.ERROR, "[Manta/EmptySwarm]"), () -> messages(c));
  }

  @Test
  void taskConnectedToNothingIsAWarningNamingAliasAndMethod() {
    String src = swarm("@Swarm(name = \"fl\")", """
          Trainer trainers();
          Aggregator aggregator(Trainer trainers);
          @Task(maximum = 1)
          Scheduler nightlyScheduler();
        """);
    check(ProblemCode.DISCONNECTED, src, "@Task(maximum = 1)");
    assertThat(compileSwarm(src)).hadWarningContaining("[Manta/Disconnected] task 'nightly_scheduler' (method "
        + "nightlyScheduler()) is connected to no other task of swarm 'fl'");
  }

  @Test
  void camelCaseMethodsDeriveSnakeCaseAliasesAndAliasOverrides() {
    String src = swarm("@Swarm(name = \"fl\")", """
          Trainer localTrainers();
          @Task(alias = "agg") Aggregator globalAggregator(Trainer localTrainers);
          Scheduler parseHTTPScheduler(Aggregator globalAggregator);
        """);
    Compilation c = compileSwarm(src);
    assertThat(c).succeededWithoutWarnings();
    String manifest = Sources.text(c, ManifestWriter.manifestPath("fl"));
    assertTrue(manifest.contains("\"alias\" : \"local_trainers\""), manifest);
    assertTrue(manifest.contains("\"alias\" : \"agg\""), manifest);
    assertTrue(manifest.contains("\"alias\" : \"parse_http_scheduler\""), manifest);
    assertTrue(!manifest.contains("localTrainers"), manifest);
  }

  @Test
  void duplicateDerivedAliasNamesAliasAndMethod() {
    String src = swarm("@Swarm(name = \"s\")", """
          Trainer local_trainers();
          @Task(method = Method.ALL)
          Trainer localTrainers();
        """);
    check(ProblemCode.DUPLICATE_ALIAS, src, "@Task(method = Method.ALL)");
    assertThat(compileSwarm(src)).hadErrorContaining(
        "task alias 'local_trainers' (method localTrainers()) is declared more than once");
  }

  @Test
  void taskMethodReturningNoTaskClass() {
    check(ProblemCode.TASK_METHOD, swarm("@Swarm(name = \"s\")", """
          Trainer trainers();
          String label();
        """), "String label");
  }

  @Test
  void taskMethodInheritedFromASuperInterface() {
    String src = """
        package com.acme;

        import dev.manta.*;

        interface Base {
          Trainer trainers();
        }

        @Swarm(name = "s")
        public interface S extends Base {
          Aggregator aggregator();
        }
        """;
    check(ProblemCode.TASK_METHOD, src, "@Swarm");
    assertThat(compileSwarm(src)).hadErrorContaining("inherits abstract method 'trainers' from Base");
  }

  @Test
  void taskAnnotationOnAMethodOutsideASwarm() {
    String src = """
        package com.acme;

        import dev.manta.*;

        public interface NotASwarm {
          @Task(maximum = 2) Trainer trainers();
        }
        """;
    JavaFileObject file = java("com.acme.NotASwarm", src);
    assertOnly(compile(withTasks(file)), ProblemCode.TASK_METHOD, file, src, "Trainer trainers");
  }

  @Test
  void globalMethodWithoutBody() {
    check(ProblemCode.GLOBAL_METHOD, swarm("@Swarm(name = \"s\")", """
          Trainer trainers();
          @Global("epochs") int epochs();
        """), "int epochs");
  }

  @Test
  void duplicateGlobalNameIsReportedOnTheSecondAnnotationValue() {
    String src = swarm("@Swarm(name = \"s\")", """
          Trainer trainers();
          @Global("epochs") default int epochs() { return 10; }
          @Global(
              "epochs") default int rounds() { return 3; }
          @Global("rate") default double rate() { return 0.1; }
        """);
    check(ProblemCode.DUPLICATE_GLOBAL, src, "\"epochs\") default int rounds");
    assertThat(compileSwarm(src)).hadErrorContaining(
        "[Manta/DuplicateGlobal] global 'epochs' is already declared by method 'epochs' of swarm 's'; "
            + "give each @Global its own name");
  }

  @Test
  void globalOfATypeJacksonCannotWrite() {
    String src = swarm("@Swarm(name = \"s\")", """
          Trainer trainers();
          @Global("worker") default java.util.List<Thread> worker() { return null; }
        """);
    check(ProblemCode.GLOBAL_TYPE, src, "worker()");
    assertThat(compileSwarm(src)).hadErrorContaining("java.lang.Thread is not a JSON value type");
  }

  @Test
  void globalsOfJsonTypesAreAccepted() {
    String src = swarm("@Swarm(name = \"s\")", """
          record Point(double x, java.util.List<String> tags, java.util.Map<String, int[]> more) {}
          enum Mode { FAST, SLOW }
          Trainer trainers();
          @Global("point") default Point point() { return null; }
          @Global("modes") default java.util.Set<Mode> modes() { return null; }
          @Global("nested") default java.util.Map<String, java.util.List<Long>> nested() { return null; }
          @Global("big") default java.math.BigDecimal big() { return null; }
        """);
    Compilation c = compileSwarm(src);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void mapWithNonStringKeys() {
    String src = swarm("@Swarm(name = \"s\")", """
          Trainer trainers();
          @Global("byId") default java.util.Map<Integer, String> byId() { return null; }
        """);
    check(ProblemCode.GLOBAL_TYPE, src, "byId()");
  }

  @Test
  void duplicateSwarmNameIsReportedOnTheSecond() {
    String first = swarm("@Swarm(name = \"dup\")", "  Trainer trainers();").replace("interface S", "interface A");
    String second = """
        package com.acme;

        import dev.manta.*;

        @Swarm(
            maxIterations = 3,
            name = "dup")
        public interface B {
          Trainer trainers();
        }
        """;
    JavaFileObject b = java("com.acme.B", second);
    Compilation c = compile(withTasks(java("com.acme.A", first), b));
    assertOnly(c, ProblemCode.DUPLICATE_SWARM, b, second, "name = \"dup\"");
  }

  @Test
  void copiesBelowOne() {
    check(ProblemCode.COPIES, swarm("@Swarm(name = \"s\")", """
          @Task(
              method = Method.ALL,
              copies = 0)
          Mapper mappers();
        """), "copies = 0");
  }

  @Test
  void duplicateAliasIsReportedOnTheSecond() {
    check(ProblemCode.DUPLICATE_ALIAS, swarm("@Swarm(name = \"s\")", """
          @Task(alias = "worker") Trainer one();
          @Task(
              alias = "worker") Trainer two();
        """), "alias = \"worker\") Trainer two");
  }

  @Test
  void invalidSwarmName() {
    check(ProblemCode.INVALID_NAME, swarm("""
        @Swarm(
            maxIterations = 5,
            name = "Bad Swarm")""", "  Trainer trainers();"), "name = \"Bad Swarm\"");
  }

  @Test
  void invalidAliasAndGlobalName() {
    String src = swarm("@Swarm(name = \"s\")", """
          @Task(
              alias = "Trainers!") Trainer trainers();
          @Global(
              "Epochs") default int epochs() { return 1; }
        """);
    Compilation c = compileSwarm(src);
    JavaFileObject file = c.sourceFiles().stream().filter(f -> f.getName().endsWith("S.java")).findFirst().orElseThrow();
    assertEquals(2, count(c, Diagnostic.Kind.ERROR, "[Manta/InvalidName]"), () -> messages(c));
    assertThat(c).hadErrorContaining("task alias 'Trainers!' (method trainers()) is not valid").inFile(file).onLine(lineOf(src, "Trainers!"));
    assertThat(c).hadErrorContaining("global name 'Epochs' is not valid").inFile(file).onLine(lineOf(src, "\"Epochs\""));
    COVERED.add(ProblemCode.INVALID_NAME);
  }

  @Test
  void maximumZeroSetExplicitly() {
    check(ProblemCode.MAXIMUM, swarm("@Swarm(name = \"s\")", """
          @Task(
              method = Method.ANY,
              maximum = 0)
          Aggregator aggregator();
        """), "maximum = 0");
  }

  @Test
  void timeoutThatIsNoDuration() {
    check(ProblemCode.TIMEOUT, swarm("@Swarm(name = \"s\")", """
          @Task(
              method = Method.ALL,
              timeout = "ten minutes")
          Trainer trainers();
        """), "timeout = \"ten minutes\"");
  }

  @Test
  void labelThatIsNotKeyEqualsValue() {
    String src = swarm("@Swarm(name = \"s\")", """
          @Task(
              method = Method.BEST_RESOURCES,
              labels = {"disk=ssd",
                  "zone: east"})
          Trainer trainers();
        """);
    check(ProblemCode.LABELS, src, "labels = {");
    assertThat(compileSwarm(src)).hadErrorContaining(
        "[Manta/Labels] label 'zone: east' of task 'trainers' is not valid (write 'zone=east')");
  }

  @Test
  void labelsOfTheTaskClassReachTheManifestAndTheGeneratedGraph(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Compilation c = compile(withTasks(taskClass("East", "@Task(labels = \"zone=east\")"),
        java("com.acme.S", swarm("@Swarm(name = \"labelled\")", """
          East inherited();
          @Task(labels = {"zone=west", "disk=ssd"}) East overridden(East inherited);
        """))));
    assertThat(c).succeededWithoutWarnings();
    com.fasterxml.jackson.databind.JsonNode tasks = dev.manta.graph.Json.mapper()
        .readTree(resource(c, "META-INF/manta/swarms/labelled.json").orElseThrow()).get("tasks");
    assertEquals("[\"zone=east\"]", tasks.get(0).get("labels").toString(), "inherited from the class");
    assertEquals("[\"zone=west\",\"disk=ssd\"]", tasks.get(1).get("labels").toString(), "the method's own");
    try (java.net.URLClassLoader loader = Sources.load(c, dir)) {
      dev.manta.graph.SwarmGraph g = ((dev.manta.spi.SwarmSource) loader.loadClass("com.acme.MantaS")
          .getConstructor().newInstance()).graph();
      assertEquals(java.util.List.of("zone=east"), g.task("inherited").orElseThrow().labels());
      assertEquals(java.util.List.of("zone=west", "disk=ssd"), g.task("overridden").orElseThrow().labels());
    }
  }

  @Test
  void fractionOutOfRange() {
    check(ProblemCode.MAXIMUM, swarm("@Swarm(name = \"s\")", """
          @Task(
              method = Method.ALL,
              fraction = 1.5)
          Trainer trainers();
        """), "fraction = 1.5");
  }

  @Test
  void maxIterationsBelowOne() {
    check(ProblemCode.MAX_ITERATIONS, swarm("""
        @Swarm(
            name = "s",
            maxIterations = 0)""", "  Trainer trainers();"), "maxIterations = 0");
  }

  @Test
  void fixedMethodWithoutIds() {
    check(ProblemCode.FIXED_WITHOUT_IDS, swarm("@Swarm(name = \"s\")", """
          @Task(
              maximum = 2,
              method = Method.FIXED)
          Trainer trainers();
        """), "method = Method.FIXED");
  }

  @Test
  void nodeBothSpecifiedAndExcepted() {
    check(ProblemCode.ID_CONFLICT, swarm("@Swarm(name = \"s\")", """
          @Task(
              specifiedIds = {"n1", "n2"},
              exceptedIds = {"n2"})
          Trainer trainers();
        """), "exceptedIds");
  }

  @Test
  void networkNotDeclared() {
    String src = swarm("@Swarm(name = \"s\", networks = @Network(name = \"backend\"))", """
          @Task(
              network = "backnd")
          Trainer trainers();
        """);
    check(ProblemCode.UNKNOWN_NETWORK, src, "network = \"backnd\"");
    assertThat(compileSwarm(src)).hadErrorContaining("did you mean 'backend'?");
  }

  @Test
  void networkDeclaredTwice() {
    check(ProblemCode.DUPLICATE_NETWORK, swarm("""
        @Swarm(name = "s", networks = {
            @Network(name = "backend"),
            @Network(name = "backend", driver = Driver.BRIDGE)})""", "  Trainer trainers();"),
        "driver = Driver.BRIDGE");
  }

  @Test
  void emptySwarm() {
    check(ProblemCode.EMPTY_SWARM, swarm("@Swarm(name = \"nothing\")", ""), "@Swarm");
  }

  @Test
  void badImageOnTheTaskClassIsReportedOnTheClassOnce() {
    String task = """
        package com.acme;

        import dev.manta.*;

        @Task(
            datasets = "digits",
            image = "Not An Image")
        public final class Painter implements TaskBody {
          public void run(TaskContext ctx) {}
        }
        """;
    JavaFileObject file = java("com.acme.Painter", task);
    String two = swarm("@Swarm(name = \"two\")", "  Painter painter();").replace("interface S", "interface Two");
    Compilation c = compile(withTasks(file, java("com.acme.S", swarm("@Swarm(name = \"one\")", "  Painter painter();")),
        java("com.acme.Two", two)));
    assertOnly(c, ProblemCode.IMAGE_REFERENCE, file, task, "Not An Image");
  }

  @Test
  void badImageOverriddenOnTheMethod() {
    check(ProblemCode.IMAGE_REFERENCE, swarm("@Swarm(name = \"s\")", """
          @Task(
              copies = 3,
              image = "UPPER/case")
          Mapper mappers();
        """), "UPPER/case");
  }

  @Test
  void resourcesOutOfRange() {
    String task = """
        package com.acme;

        import dev.manta.*;

        @Task(resources = @Resources(
            cpu = 0,
            memory = "lots"))
        public final class Hungry implements TaskBody {
          public void run(TaskContext ctx) {}
        }
        """;
    JavaFileObject file = java("com.acme.Hungry", task);
    Compilation c = compile(file);
    assertEquals(2, count(c, Diagnostic.Kind.ERROR, "[Manta/Resources]"), () -> messages(c));
    assertThat(c).hadErrorContaining("cpu of module 'hungry' is 0.0").inFile(file).onLine(lineOf(task, "cpu = 0"));
    assertThat(c).hadErrorContaining("memory 'lots' of module 'hungry'").inFile(file).onLine(lineOf(task, "lots"));
    COVERED.add(ProblemCode.RESOURCES);
  }

  @Test
  void twoClassesWithOneModuleName() {
    JavaFileObject a = java("com.acme.a.Trainer", """
        package com.acme.a;
        @dev.manta.Task
        public final class Trainer implements dev.manta.TaskBody { public void run(dev.manta.TaskContext c) {} }
        """);
    JavaFileObject b = java("com.acme.b.Trainer", """
        package com.acme.b;
        @dev.manta.Task(gpu = true)
        public final class Trainer implements dev.manta.TaskBody { public void run(dev.manta.TaskContext c) {} }
        """);
    String src = swarm("@Swarm(name = \"s\")", """
          com.acme.a.Trainer one();
          com.acme.b.Trainer two();
        """);
    JavaFileObject s = java("com.acme.S", src);
    assertOnly(compile(a, b, s), ProblemCode.DUPLICATE_MODULE, s, src, "b.Trainer two");
  }

  @Test
  void validSwarmsCompileWithoutDiagnostics() {
    Compilation c = compile(withTasks(java("com.acme.FederatedLearning", Sources.FEDERATED_LEARNING),
        java("com.acme.MapReduce", Sources.MAP_REDUCE)));
    assertThat(c).succeededWithoutWarnings();
  }

  @AfterAll
  static void everyCodeIsCovered() {
    Set<ProblemCode> missing = EnumSet.allOf(ProblemCode.class);
    missing.removeAll(COVERED);
    // The processor lists every module its tasks run, so UnknownModule only arises from hand-made graphs
    // and edited manifests; GraphValidatorTest covers it.
    missing.remove(ProblemCode.UNKNOWN_MODULE);
    // UnknownTask is also covered; the validator's "upstream:" form cannot arise from annotations.
    assertTrue(missing.isEmpty(), "no test for " + missing);
  }
}
