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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engine overhead per instance: 100 iterations of a no-op ALL task over {@code -Dnodes} nodes
 * (default 1,000) vs a plain ThreadPoolExecutor of the same 16 threads running the same batches of
 * no-op tasks and waiting for each batch. Also prints the p50 gap between instances: on each worker
 * thread, from the end of one no-op to the start of the next (the dispatch cost of one instance),
 * over the last timed round of each.
 */
public final class NoopOverhead {
  /** Gaps on each thread between the end of one no-op and the start of the next, in ns. */
  static final class Gaps {
    private long[] gaps = new long[0];
    private final AtomicInteger count = new AtomicInteger();
    private final ThreadLocal<long[]> lastEnd = ThreadLocal.withInitial(() -> new long[1]);
    private volatile int round;
    private final ThreadLocal<int[]> roundSeen = ThreadLocal.withInitial(() -> new int[] {-1});

    void reset(int capacity) {
      gaps = new long[capacity];
      count.set(0);
      round++;
    }

    void noop() {
      long now = System.nanoTime();
      long[] last = lastEnd.get();
      int[] seen = roundSeen.get();
      if (seen[0] == round && last[0] != 0) {
        int i = count.getAndIncrement();
        if (i < gaps.length) {
          gaps[i] = now - last[0];
        }
      }
      seen[0] = round;
      last[0] = System.nanoTime();
    }

    double p50Micros() {
      int n = Math.min(count.get(), gaps.length);
      long[] sorted = java.util.Arrays.copyOf(gaps, n);
      java.util.Arrays.sort(sorted);
      return n == 0 ? Double.NaN : sorted[n / 2] / 1e3;
    }
  }

  static final Gaps ENGINE = new Gaps();
  static final Gaps POOL = new Gaps();

  public static final class Noop implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ENGINE.noop();
    }
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
    Runnable engine = () -> {
      ENGINE.reset(nodes * 100);
      LocalRun.builder(g).nodes(nodes).parallelism(16).build().run().requireCompleted();
    };
    Runnable pool = () -> {
      POOL.reset(nodes * 100);
      ExecutorService p = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      try {
        for (int it = 0; it < 100; it++) {
          List<Future<?>> batch = new ArrayList<>(nodes + 1);
          for (int i = 0; i < nodes; i++) {
            batch.add(p.submit(POOL::noop));
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
    System.out.printf("p50 gap between instances on a thread (last round): engine %.1f µs, ThreadPoolExecutor %.1f µs%n",
        ENGINE.p50Micros(), POOL.p50Micros());
  }
}
