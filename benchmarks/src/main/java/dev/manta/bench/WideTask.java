package dev.manta.bench;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;

/**
 * Per-instance cost of one wide task against the same number of instances in narrow iterations:
 * one ALL task over {@code -Dnodes} nodes (default 20,000) vs {@code nodes/100} nodes × 100
 * iterations. A ratio near 1 means the cost of an instance does not grow with the task's width.
 */
public final class WideTask {
  public static final class Noop implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  public static final class Loop implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      if (ctx.world().iteration() < 100) {
        ctx.world().scheduleNextIteration(java.util.List.of(), "work");
      }
    }
  }

  public static void main(String[] args) {
    int nodes = Bench.intArg("nodes", 20_000);
    SwarmGraph wide = Swarms.define("wide", s -> s.task(Noop.class, t -> t.alias("work").method(Method.ALL)));
    SwarmGraph narrow = Swarms.define("narrow", s -> {
      var work = s.task(Noop.class, t -> t.alias("work").method(Method.ALL));
      s.task(Loop.class, t -> t.alias("loop").maximum(1)).after(work);
    });
    Runnable w = () -> LocalRun.builder(wide).nodes(nodes).build().run().requireCompleted();
    Runnable n = () -> LocalRun.builder(narrow).nodes(nodes / 100).build().run().requireCompleted();
    Bench.compare("one ALL task over " + nodes + " nodes", Bench.intArg("rounds", 3), w,
        (nodes / 100) + " nodes x 100 iterations", n);
  }
}
