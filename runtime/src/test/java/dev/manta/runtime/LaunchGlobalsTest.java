package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.report.RunReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Globals given at launch are checked against the declared ones, every problem at once, before anything runs. */
class LaunchGlobalsTest {
  private static final SwarmGraph DSL = Swarms.define("tuned", s -> {
    s.setGlobal("lr", 0.1);
    s.setGlobal("epochs", 3);
    s.setGlobal("name", "digits");
    s.setGlobal("weights", new double[] {0.0, 0.0});
    s.setGlobal("flags", List.of(true));
    s.task(Fixtures.A.class, t -> t.alias("a"));
  });

  /** Computed globals with the declared types the annotation processor records. */
  private static final SwarmGraph GENERATED = SwarmGraph.builder("generated")
      .module(ModuleSpec.of(Fixtures.A.class.getName()))
      .task(new TaskSpec("a", ModuleSpec.of(Fixtures.A.class.getName()).name(), Method.ANY, null, null, false,
          List.of(), List.of(), "", false, List.of()))
      .global(GlobalSpec.computed("rate", "double"))
      .global(GlobalSpec.computed("rounds", "int"))
      .global(GlobalSpec.computed("ids", "java.util.List<java.lang.String>"))
      .build();

  @Test
  void everyBadLaunchGlobalIsReportedInOneMessage() {
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("lr", "fast");
    given.put("epochs", 2.5);
    given.put("weights", "[1,2");
    given.put("lrr", 0.2);
    given.put("name", 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalRun.builder(DSL).globals(given).build());
    String m = e.getMessage();
    assertTrue(m.startsWith("5 problems with the globals of swarm 'tuned':"), m);
    assertTrue(m.contains("\n  - global 'lr' is a java.lang.Double, but the value given, \"fast\", is not a number;"
        + " it was read as text; pass a number, e.g. 0.5"), m);
    assertTrue(m.contains("\n  - global 'epochs' is a java.lang.Integer, but the value given, 2.5, is not a whole"
        + " number; pass a whole number"), m);
    assertTrue(m.contains("\n  - global 'weights' is a double[], but the value given, \"[1,2\", is not an array; it"
        + " was read as text (it looks like JSON but does not parse: "), m);
    assertTrue(m.contains("\n  - global 'lrr' is not declared by swarm 'tuned' (declared: epochs, flags, lr, name,"
        + " weights); did you mean 'lr'?"), m);
    assertTrue(m.contains("\n  - global 'name' is a java.lang.String, but the value given, 5, is not text"), m);
  }

  @Test
  void goodLaunchGlobalsPass() {
    RunReport r = LocalRun.builder(DSL).globals(Map.of("lr", 1, "epochs", 4, "weights", List.of(1, 2.5), "name", "x",
        "flags", List.of(false, true))).build().run().requireCompleted();
    assertEquals(4, r.global("epochs", Integer.class));
    assertEquals(1.0, r.global("lr", Double.class));
  }

  @Test
  void declaredJavaTypesOfComputedGlobalsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalRun.builder(GENERATED)
        .globals(Map.of("rate", true, "rounds", 3_000_000_000L, "ids", List.of("a", 2))).build());
    String m = e.getMessage();
    assertTrue(m.contains("global 'rate' is a double, but the value given, true, is not a number"), m);
    assertTrue(m.contains("global 'rounds' is a int, but the value given, 3000000000, is out of its range"), m);
    assertTrue(m.contains("global 'ids' is a java.util.List<java.lang.String>, but the value given, [\"a\",2], has"
        + " element [1] 2, which is not text"), m);
    LocalRun.builder(GENERATED).globals(Map.of("rate", 2, "rounds", 3, "ids", List.of("a"))).build().run()
        .requireCompleted();
  }

  @Test
  void aMissingComputedGlobalIsReportedWithTheOtherProblems() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalRun.builder(GENERATED)
        .globals(Map.of("rate", "x")).build());
    assertTrue(e.getMessage().contains("computed globals without a value: rounds, ids")
        || e.getMessage().contains("computed globals without a value: ids, rounds"), e.getMessage());
    assertTrue(e.getMessage().contains("global 'rate' is a double"), e.getMessage());
  }
}
