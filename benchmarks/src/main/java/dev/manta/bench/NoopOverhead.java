package dev.manta.bench;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Engine overhead per instance: 100 iterations of a no-op ALL task over {@code -Dnodes} nodes
 * (default 1,000) vs a plain ThreadPoolExecutor of the same 16 threads running the same batches of
 * no-op tasks and waiting for each batch.
 */
public final class NoopOverhead {
  public static final class Noop implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  public static final class Loop implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      if (ctx.world().iteration() < 100) {
        ctx.world().scheduleNextIteration(List.of(), "work");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int nodes = Bench.intArg("nodes", 1_000);
    SwarmGraph g = Swarms.define("noop", s -> {
      var work = s.task(Noop.class, t -> t.alias("work").method(Method.ALL));
      s.task(Loop.class, t -> t.alias("loop").maximum(1)).after(work);
    });
    Runnable engine = () -> LocalRun.builder(g).nodes(nodes).parallelism(16).build().run().requireCompleted();
    Runnable pool = () -> {
      ExecutorService p = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      try {
        for (int it = 0; it < 100; it++) {
          List<Future<?>> batch = new ArrayList<>(nodes + 1);
          for (int i = 0; i < nodes; i++) {
            batch.add(p.submit(() -> { }));
          }
          for (Future<?> f : batch) {
            f.get();
          }
          p.submit(() -> { }).get(); // the one-node loop task
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        p.shutdownNow();
      }
    };
    Bench.compare("engine, " + nodes + " nodes x 100 iterations", Bench.intArg("rounds", 3), engine,
        "ThreadPoolExecutor", pool);
  }
}
