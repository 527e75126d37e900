package dev.manta.runtime;

import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.graph.SwarmGraph;
import java.util.concurrent.CountDownLatch;

/**
 * Task classes for tests. By default each publishes its node id under "ran"; tests give them other
 * behaviour through {@link LocalRun.Builder#task}.
 */
final class Fixtures {
  private Fixtures() {}

  static final class A implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ctx.results().add("ran", ctx.world().nodeId());
    }
  }

  static final class B implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ctx.results().add("ran", ctx.world().nodeId());
    }
  }

  static final class C implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ctx.results().add("ran", ctx.world().nodeId());
    }
  }

  static final class D implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ctx.results().add("ran", ctx.world().nodeId());
    }
  }

  /** No usable constructor: the runtime must say so. */
  static final class NeedsArgument implements TaskBody {
    NeedsArgument(String ignored) {}

    @Override
    public void run(TaskContext ctx) {}
  }

  /** A run of {@code graph} on {@code nodes} nodes with a fixed seed and enough threads for blocking tests. */
  static LocalRun.Builder local(SwarmGraph graph, int nodes) {
    return LocalRun.builder(graph).nodes(nodes).seed(7).parallelism(12);
  }

  /** Waits for a latch inside a task; a missing count-down fails the task instead of hanging the test. */
  static void await(CountDownLatch latch, String what) throws InterruptedException {
    HangGuard.await(latch, what);
  }
}
