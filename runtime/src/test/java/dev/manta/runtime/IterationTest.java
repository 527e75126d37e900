package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TypeRef;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IterationTest {
  record Model(String name, double[] weights) {}

  private static SwarmGraph workThenLoop(int maxIterations) {
    return Swarms.define("loop", s -> {
      s.maxIterations(maxIterations);
      s.setGlobal("rounds", 3);
      var work = s.task(A.class, t -> t.alias("work").method(Method.ALL));
      var loop = s.task(B.class, t -> t.alias("loop").method(Method.ANY));
      s.flow(loop.after(work));
    });
  }

  @Test
  void iteratesWhileATaskAsksForAnotherIteration() {
    TaskBody loop = ctx -> {
      int sum = ctx.results().select("ran", String.class).size() + ctx.globals().find("sum", Integer.class).orElse(0);
      ctx.globals().set("sum", sum);
      if (ctx.world().iteration() < ctx.globals().get("rounds", Integer.class)) {
        ctx.world().scheduleNextIteration(List.of(), "work");
      }
    };
    RunReport r = local(workThenLoop(10), 4).task(B.class, () -> loop).build().run().requireCompleted();
    assertEquals(3, r.iterations());
    assertEquals(12, r.global("sum", Integer.class));
    for (int i = 1; i <= 3; i++) {
      assertEquals(4, r.results(i, "ran").size(), "one per work instance, key <alias>/<node>");
    }
  }

  @Test
  void reachingMaxIterationsFailsWithAClearMessage() {
    TaskBody forever = ctx -> ctx.world().scheduleNextIteration(List.of(), "work");
    RunReport r = local(workThenLoop(3), 2).task(B.class, () -> forever).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals(3, r.iterations());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("maxIterations (3)") && failure.contains("iteration 4"), failure);
  }

  @Test
  void stopSwarmStopsAtOnce() {
    TaskBody stopper = ctx -> {
      ctx.world().scheduleNextIteration(List.of(), "b");
      ctx.world().stopSwarm();
    };
    SwarmGraph g = Swarms.define("stop", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ANY));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ALL));
      s.flow(b.after(a));
    });
    RunReport r = local(g, 3).task(A.class, () -> stopper).build().run().requireStatus(RunStatus.STOPPED);
    assertTrue(r.failure().isEmpty());
    assertEquals(1, r.iterations());
    assertTrue(r.instances("b").isEmpty(), "no instance starts after stopSwarm");
    assertEquals(InstanceState.SUCCEEDED, r.instances("a").get(0).state());
  }

  @Test
  void stopSwarmCancelsInstancesThatHaveNotStarted() {
    TaskBody stopper = ctx -> ctx.world().stopSwarm();
    SwarmGraph g = Swarms.define("stop", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    // One thread: the first instance stops the swarm while the other two still wait for it.
    RunReport r = local(g, 3).parallelism(1).task(A.class, () -> stopper).build().run()
        .requireStatus(RunStatus.STOPPED);
    assertEquals(List.of(InstanceState.SUCCEEDED, InstanceState.CANCELLED, InstanceState.CANCELLED),
        r.instances("a").stream().map(InstanceReport::state).sorted().toList());
  }

  @Test
  void globalsKeepTheirTypesThroughJson() {
    SwarmGraph g = Swarms.define("typed", s -> {
      s.setGlobal("epochs", 10);
      var a = s.task(A.class, t -> t.alias("a").method(Method.ANY));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
      s.flow(b.after(a));
    });
    TaskBody writer = ctx -> {
      int epochs = ctx.globals().get("epochs", Integer.class);
      ctx.globals().set("weights", new double[] {0.5, epochs});
      ctx.globals().set("history", List.of(new double[] {1}, new double[] {2, 3}));
      ctx.globals().set("model", new Model("m", new double[] {7}));
    };
    List<Object> read = new ArrayList<>();
    TaskBody reader = ctx -> {
      read.add(ctx.globals().get("weights", double[].class));
      read.add(ctx.globals().get("history", new TypeRef<List<double[]>>() {}));
      read.add(ctx.globals().get("model", Model.class));
      read.add(ctx.globals().names());
      read.add(ctx.globals().find("absent", String.class).isPresent());
      try {
        ctx.globals().get("absent", String.class);
      } catch (java.util.NoSuchElementException e) {
        read.add(e.getMessage());
      }
    };
    RunReport r = local(g, 2).task(A.class, () -> writer).task(B.class, () -> reader).build().run()
        .requireCompleted();
    assertArrayEquals(new double[] {0.5, 10}, (double[]) read.get(0));
    @SuppressWarnings("unchecked")
    List<double[]> history = (List<double[]>) read.get(1);
    assertArrayEquals(new double[] {2, 3}, history.get(1));
    assertEquals("m", ((Model) read.get(2)).name());
    assertEquals(java.util.Set.of("epochs", "history", "model", "weights"), read.get(3));
    assertEquals(false, read.get(4));
    assertTrue(((String) read.get(5)).contains("'absent' is not set"), (String) read.get(5));
    assertArrayEquals(new double[] {7}, r.global("model", Model.class).weights());
    assertEquals(2, r.global("history", new TypeRef<List<double[]>>() {}).size());
    assertEquals("{\"epochs\":10,\"history\":[[1.0],[2.0,3.0]],\"model\":{\"name\":\"m\",\"weights\":[7.0]},"
        + "\"weights\":[0.5,10.0]}", r.globalsJson());
  }

  @Test
  void resultsSelectThisIterationOrAnEarlierOne() {
    TaskBody work = ctx -> ctx.results().add("v", ctx.world().iteration() * 10);
    TaskBody loop = ctx -> {
      int it = ctx.world().iteration();
      Map<String, Integer> now = ctx.results().select("v", Integer.class);
      ctx.results().add("now", now.values().iterator().next());
      if (it == 2) {
        ctx.results().add("before", ctx.results().select(1, "v", Integer.class).values().iterator().next());
      } else {
        ctx.world().scheduleNextIteration(List.of(), "work");
      }
    };
    RunReport r = local(workThenLoop(5), 1).task(A.class, () -> work).task(B.class, () -> loop).build().run()
        .requireCompleted();
    assertEquals(Map.of("loop/node-1", 10), r.results(1, "now", Integer.class));
    assertEquals(Map.of("loop/node-1", 20), r.results(2, "now", Integer.class));
    assertEquals(Map.of("loop/node-1", 10), r.results(2, "before", Integer.class));
  }

  @Test
  void logLinesAreKeptPerInstance() {
    TaskBody talk = ctx -> {
      ctx.log().info("hello from %s", ctx.world().nodeId());
      ctx.log().warn("careful");
    };
    SwarmGraph g = Swarms.define("logs", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    RunReport r = local(g, 3).task(A.class, () -> talk).build().run().requireCompleted();
    for (InstanceReport i : r.instances("a")) {
      assertEquals(List.of("INFO hello from " + i.node(), "WARN careful"), i.logs());
    }
  }

  @Test
  void unknownAliasOrNodeInScheduleNextIterationFailsTheCallingInstance() {
    TaskBody bad = ctx -> ctx.world().scheduleNextIteration(List.of("node-1"), "wrok");
    RunReport r = local(workThenLoop(5), 2).task(B.class, () -> bad).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("unknown task 'wrok'") && failure.contains("work"), failure);
    TaskBody badNode = ctx -> ctx.world().scheduleNextIteration(List.of("node-7"), "work");
    String nodeFailure = local(workThenLoop(5), 2).task(B.class, () -> badNode).build().run().failure().orElseThrow();
    assertTrue(nodeFailure.contains("unknown node 'node-7'"), nodeFailure);
  }
}
