package dev.manta.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Condition;
import dev.manta.Method;
import dev.manta.fixtures.Aggregator;
import dev.manta.fixtures.Samples;
import dev.manta.fixtures.Mapper;
import dev.manta.fixtures.Reducer;
import dev.manta.fixtures.Trainer;
import dev.manta.fixtures.Worker;
import dev.manta.graph.Edge;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.validation.GraphValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shapes of graph the DSL builds: diamonds, fans, chains, conditions, sinks, packaging. */
class DslShapeTest {

  private static List<String> aliases(SwarmGraph g) {
    return g.tasks().stream().map(TaskSpec::alias).toList();
  }

  private static List<Edge> upstream(SwarmGraph g, String alias) {
    return g.task(alias).orElseThrow().upstream();
  }

  private static Edge finished(String from) {
    return new Edge(from, Condition.FINISHED);
  }

  @Test
  void diamondKeepsBothBranchesAndTopologicalOrder() {
    SwarmGraph g = Samples.diamond();
    assertEquals(List.of(), upstream(g, "a"));
    assertEquals(List.of(finished("a")), upstream(g, "b"));
    assertEquals(List.of(finished("a")), upstream(g, "c"));
    assertEquals(List.of(finished("b"), finished("c")), upstream(g, "d"));
    assertEquals(List.of("a", "b", "c", "d"), g.topologicalOrder());
    assertEquals(List.of("b", "c"), g.downstream("a"));
    assertEquals(List.of("d"), g.sinks());
    assertEquals(List.of(), GraphValidator.validate(g));
  }

  @Test
  void fanOutFromOneTaskToThree() {
    SwarmGraph g = Samples.fanOut();
    assertEquals(List.of("b", "c", "d"), g.downstream("a"));
    assertEquals(List.of("b", "c", "d"), g.sinks());
    for (String alias : List.of("b", "c", "d")) {
      assertEquals(List.of(finished("a")), upstream(g, alias));
    }
    assertEquals(List.of(), GraphValidator.validate(g));
  }

  @Test
  void fanInThroughAfterList() {
    SwarmGraph g = Samples.fanIn();
    assertEquals(List.of(finished("m1"), finished("m2"), finished("m3")), upstream(g, "reduce"));
    assertEquals(List.of("reduce"), g.sinks());
    assertEquals(List.of(), GraphValidator.validate(g));
  }

  @Test
  void chainDeclaredBackwardsStillRunsInOrder() {
    SwarmGraph g = Samples.chain();
    assertEquals(List.of("third", "second", "first"), aliases(g), "tasks keep declaration order");
    assertEquals(List.of("first", "second", "third"), g.topologicalOrder());
    assertEquals(List.of("third"), g.sinks());
  }

  @Test
  void resultConditionIsKeptOnTheEdge() {
    SwarmGraph g = Samples.resultEdges();
    assertEquals(List.of(new Edge("producer", Condition.RESULT)), upstream(g, "consumer"));
    assertEquals(List.of(new Edge("producer", Condition.FINISHED), new Edge("consumer", Condition.RESULT)),
        upstream(g, "collector"));
  }

  @Test
  void repeatedAfterWithTheSameUpstreamReplacesItsCondition() {
    SwarmGraph g = Swarms.define("replace", s -> {
      var a = s.task(Worker.class, t -> t.alias("a"));
      var c = s.task(Worker.class, t -> t.alias("c"));
      var b = s.task(Worker.class, t -> t.alias("b"));
      b.after(a, c);
      b.after(Condition.RESULT, a);
    });
    assertEquals(List.of(new Edge("a", Condition.RESULT), finished("c")), upstream(g, "b"),
        "one edge per upstream, in first-named order");
  }

  @Test
  void afterWithANodeOfAnotherSwarmIsRejected() {
    AtomicReference<TaskNode> foreign = new AtomicReference<>();
    Swarms.define("other", s -> foreign.set(s.task(Worker.class, t -> t.alias("w"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Swarms.define("mine", s -> s.task(Aggregator.class).after(foreign.get())));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    assertTrue(e.getMessage().contains("declare it in this one"), e.getMessage());
  }

  @Test
  void nodesOfTwoLiveScopesDoNotMix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        Swarms.define("outer", outer -> {
          var a = outer.task(Worker.class, t -> t.alias("a"));
          Swarms.define("inner", inner -> inner.task(Worker.class, t -> t.alias("b")).after(List.of(a)));
        }));
    assertTrue(e.getMessage().contains("another swarm definition"), e.getMessage());
  }

  @Test
  void flowWithANodeOfAnotherSwarmIsRejected() {
    AtomicReference<TaskNode> foreign = new AtomicReference<>();
    Swarms.define("other", s -> foreign.set(s.task(Worker.class, t -> t.alias("w"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Swarms.define("mine", s -> {
          s.task(Aggregator.class);
          s.flow(foreign.get());
        }));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }

  @Test
  void sinksDefaultToTasksWithNoDownstream() {
    SwarmGraph g = Swarms.define("no_flow", s -> {
      var a = s.task(Worker.class, t -> t.alias("a"));
      s.task(Worker.class, t -> t.alias("b")).after(a);
      s.task(Worker.class, t -> t.alias("c")).after(a);
      s.task(Worker.class, t -> t.alias("lonely"));
    });
    assertEquals(List.of("b", "c", "lonely"), g.sinks());
    // 'lonely' is a sink, so reachable; having no edge beside a flow, it is only a Disconnected warning.
    assertEquals(List.of(dev.manta.validation.ProblemCode.DISCONNECTED),
        GraphValidator.validate(g).stream().map(dev.manta.validation.Problem::code).toList());
  }

  @Test
  void declaredFlowOverridesTheDefaultSinksAndDropsRepeats() {
    SwarmGraph g = Swarms.define("flow", s -> {
      var a = s.task(Worker.class, t -> t.alias("a"));
      var b = s.task(Worker.class, t -> t.alias("b")).after(a);
      s.flow(b, Flow.of(a, b));
    });
    assertEquals(List.of("b", "a"), g.sinks());
  }

  @Test
  void packagingOverridesGiveADerivedModule() {
    SwarmGraph g = Samples.repackaged();
    ModuleSpec base = g.module("worker").orElseThrow();
    TaskSpec special = g.task("special").orElseThrow();
    assertEquals("worker-special", special.module());
    ModuleSpec derived = g.module("worker-special").orElseThrow();
    assertEquals(base.entryClass(), derived.entryClass());
    assertEquals("registry.example.com/acme/worker:2.0", derived.image());
    assertEquals(List.of("digits", "labels"), derived.datasets());
    assertEquals(new ResourceSpec(2, "4Gi"), derived.resources());
    assertEquals("worker", g.task("plain").orElseThrow().module());
    assertEquals(ModuleSpec.of(Worker.class.getName()), base);
    assertEquals(List.of(), GraphValidator.validate(g));
  }

  @Test
  void overridesEqualToTheModuleKeepTheModule() {
    SwarmGraph g = Swarms.define("same", s -> s.task(Trainer.class,
        t -> t.image("eclipse-temurin:17-jre").datasets("digits").resources(2, "4Gi")));
    assertEquals(List.of("trainer"), g.modules().stream().map(ModuleSpec::name).toList());
  }

  @Test
  void eachOverrideAloneDerivesAModule() {
    SwarmGraph g = Swarms.define("each", s -> {
      s.task(Worker.class, t -> t.alias("img").image("ubuntu"));
      s.task(Worker.class, t -> t.alias("data").datasets("x"));
      s.task(Worker.class, t -> t.alias("res").resources(0.5, "256Mi"));
    });
    assertEquals(List.of("worker-data", "worker-img", "worker-res"),
        g.modules().stream().map(ModuleSpec::name).toList());
    assertEquals("ubuntu", g.module("worker-img").orElseThrow().image());
    assertEquals(List.of("x"), g.module("worker-data").orElseThrow().datasets());
    assertEquals(new ResourceSpec(0.5, "256Mi"), g.module("worker-res").orElseThrow().resources());
  }

  @Test
  void taskOptionsReachTheTaskSpec() {
    SwarmGraph g = Swarms.define("options", s -> {
      s.network("net", dev.manta.Driver.OVERLAY);
      s.task(Worker.class, t -> t.alias("w").method(Method.MAXIMUM).fraction(0.5).fixed(true)
          .specifiedIds("n1", "n2").exceptedIds(List.of("n3")).network("net").gpu(true));
    });
    TaskSpec w = g.task("w").orElseThrow();
    assertEquals(new TaskSpec("w", "worker", Method.MAXIMUM, null, 0.5, true, List.of("n1", "n2"),
        List.of("n3"), "net", true, List.of()), w);
  }

  @Test
  void defaultsOfATaskWithoutOptions() {
    SwarmGraph g = Swarms.define("defaults", s -> s.task(Worker.class));
    // As in the original SDK: no method means every eligible node, uncapped.
    assertEquals(new TaskSpec("worker", "worker", Method.ALL, null, null, false, List.of(), List.of(), "",
        false, List.of()), g.task("worker").orElseThrow());
    assertEquals(-1, g.task("worker").orElseThrow().effectiveMaximum());
    assertEquals(SwarmGraph.DEFAULT_MAX_ITERATIONS, g.maxIterations());
    assertEquals("", g.sourceClass());
  }

  @Test
  void copiesAreNumberedFromZeroAndOneCopyKeepsThePlainAlias() {
    SwarmGraph g = Swarms.define("copies", s -> {
      var maps = s.copies(Mapper.class, 3, t -> {});
      var single = s.copies(Reducer.class, 1, t -> t.alias("reducer"));
      single.get(0).after(maps);
    });
    assertEquals(List.of("mapper_0", "mapper_1", "mapper_2", "reducer"), aliases(g));
  }

  @Test
  void copiesReadTheirOptionsOnceAndShareThem() {
    int[] calls = {0};
    SwarmGraph g = Swarms.define("copies", s -> s.copies(Mapper.class, 4, t -> {
      calls[0]++;
      t.alias("m").method(Method.ALL).maximum(2);
    }));
    assertEquals(1, calls[0], "the options block runs once for all copies");
    assertEquals(List.of("m_0", "m_1", "m_2", "m_3"), aliases(g));
    g.tasks().forEach(t -> {
      assertEquals(Method.ALL, t.method(), t.alias());
      assertEquals(2, t.maximum(), t.alias());
    });
  }

  @Test
  void copiesBelowOneThrowWithTheCopiesProblem() {
    for (int count : new int[] {0, -3}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Swarms.define("bad", s -> s.copies(Mapper.class, count, t -> t.alias("mapper"))));
      assertTrue(e.getMessage().startsWith("[Manta/Copies] copies of task 'mapper' is " + count), e.getMessage());
      assertTrue(e.getMessage().contains("declare at least 1 copy"), e.getMessage());
    }
  }

  @Test
  void globalReadTwiceReturnsTheOverrideBothTimes() {
    List<Integer> seen = new ArrayList<>();
    SwarmGraph g = Swarms.define("twice", Map.of("n", 7), s -> {
      seen.add(s.global("n", 1));
      seen.add(s.global("n", 1));
      s.task(Worker.class);
    });
    assertEquals(List.of(7, 7), seen);
    assertEquals(7, g.global("n").orElseThrow().value().intValue());
  }

  @Test
  void overrideOfAListGlobalIsAList() {
    List<Object> seen = new ArrayList<>();
    Swarms.define("lists", Map.of("ids", List.of("n7", "n8")), s -> {
      seen.add(s.global("ids", List.of("n1")));
      seen.add(s.global("limits", Map.of("cpu", 1)));
      s.task(Worker.class);
    });
    assertEquals(List.of(List.of("n7", "n8"), Map.of("cpu", 1)), seen);
  }

  @Test
  void overrideOfTheWrongTypeSaysWhichGlobal() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Swarms.define("typed", Map.of("epochs", "many"), s -> s.global("epochs", 10)));
    assertTrue(e.getMessage().contains("global 'epochs'"), e.getMessage());
    assertTrue(e.getMessage().contains("not a Integer like its default 10"), e.getMessage());
  }

  @Test
  void overridesNoBlockReadsBecomeConstantGlobals() {
    SwarmGraph g = Swarms.define("extra", Map.of("seed", 42), s -> s.task(Worker.class));
    assertEquals(42, g.global("seed").orElseThrow().value().intValue());
    assertFalse(g.global("seed").orElseThrow().computed());
  }

  @Test
  void globalValuesCannotBeChangedThroughTheGraph() {
    SwarmGraph g = dev.manta.fixtures.GuideExamples.stateful();
    var weights = (com.fasterxml.jackson.databind.node.ArrayNode) g.global("model_weights").orElseThrow().value();
    weights.removeAll();
    assertEquals(4, g.global("model_weights").orElseThrow().value().size());
    assertEquals(dev.manta.fixtures.GuideExamples.stateful(), g);
  }

  @Test
  void computedGlobalsHaveNoValue() {
    SwarmGraph g = Swarms.define("computed", s -> {
      s.computedGlobal("weights", "double[]");
      s.task(Worker.class);
    });
    var weights = g.global("weights").orElseThrow();
    assertTrue(weights.computed());
    assertEquals(null, weights.value());
    assertEquals(List.of(), GraphValidator.validate(g));
  }

  @Test
  void maxIterationsAndSourceClassAreRecorded() {
    SwarmGraph g = Swarms.define("meta", s -> {
      s.maxIterations(7);
      s.sourceClass("com.acme.Meta");
      s.task(Worker.class);
    });
    assertEquals(7, g.maxIterations());
    assertEquals("com.acme.Meta", g.sourceClass());
  }

  /** A definition that also declares a task outside {@code execute()}. */
  static final class EarlyDeclaration extends SwarmDefinition {
    EarlyDeclaration() {
      super("outside");
    }

    @Override
    protected Flow execute() {
      return task(Worker.class);
    }

    TaskNode early() {
      return task(Worker.class);
    }
  }

  @Test
  void definitionMethodsOutsideExecuteAreRejected() {
    EarlyDeclaration d = new EarlyDeclaration();
    IllegalStateException e = assertThrows(IllegalStateException.class, d::early);
    assertTrue(e.getMessage().contains("inside execute()"), e.getMessage());
    assertEquals(List.of("worker"), aliases(d.prepareGraph()));
  }

  @Test
  void definitionReturningNoFlowIsRejected() {
    SwarmDefinition d = new SwarmDefinition("nothing") {
      @Override
      protected Flow execute() {
        return null;
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class, d::prepareGraph);
    assertTrue(e.getMessage().contains("returned null"), e.getMessage());
  }

  /** Unlike two {@code @Global} methods with one name ({@code Manta/DuplicateGlobal}), setting a global again overwrites it. */
  @Test
  void setGlobalAgainOverwritesTheEarlierValue() {
    SwarmGraph g = Swarms.define("again", s -> {
      s.task(Worker.class);
      s.setGlobal("epochs", 10);
      s.setGlobal("epochs", 3);
    });
    assertEquals(1, g.globals().size());
    assertEquals(3, g.global("epochs").orElseThrow().value().intValue());
  }
}
