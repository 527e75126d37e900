package dev.manta.bench;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.report.ProgressListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Federated round overhead (issue 13, P3): FedAvg rounds over {@code -Dnodes} nodes (default
 * 1,000), each trainer reading the global model ({@code -Dkb} KB of doubles, default 100), doing a
 * no-op "training" (one pass over the weights) and publishing its weights; one aggregator selecting
 * them all, averaging them and setting the global. {@code -Drounds} rounds (default 4; the first is
 * a warm-up and not counted).
 *
 * <p>A round's overhead is its wall time (iteration start to end) minus the compute it holds: the
 * slowest trainer's pass plus the aggregator's averaging. The baseline is the same round on a plain
 * {@link ThreadPoolExecutor} of the same 16 threads, sharing arrays by reference, in the same JVM.
 * Also printed: the heap kept after each round (after GC) and the peak heap of the run, against
 * the raw size of one round's results ({@code nodes × kb} KB). {@code -Djournal=1} runs the engine
 * with a journal (then only the current and the previous iteration's results stay in memory).
 * {@code -DresultIterations=N} sets how many iterations' results the engine keeps in memory
 * ({@code LocalRun.Builder.resultIterations}; default the engine's, 1). {@code -Dstream=1} makes the
 * engine's aggregator fold the values one at a time ({@code Results.forEach}) instead of selecting
 * them all (builds before that method do not have it).
 */
public final class FedRound {
  static int kb = 100;
  static int rounds = 4;
  /** {@code -DresultIterations}, or -1: the engine's default. */
  static int resultIterations = -1;
  /** {@code -Dstream=1}: the aggregator folds the results one at a time ({@code Results.forEach}). */
  static boolean stream;
  /** Iteration → the slowest trainer's compute, and the aggregator's, in ns. */
  static final Map<Integer, AtomicLong> slowestTrain = new ConcurrentHashMap<>();
  static final Map<Integer, Long> aggregate = new ConcurrentHashMap<>();

  /** One pass over the weights: the "training" every benchmark node does. */
  static double[] train(double[] global, String node, int iteration) {
    double[] out = new double[global.length];
    double shift = iteration + (node.hashCode() & 0xffff) * 1e-7 + 0.123456789;
    for (int i = 0; i < out.length; i++) {
      out[i] = global[i] * 0.5 + shift + i * 1e-9;
    }
    return out;
  }

  static double[] average(Iterable<double[]> all, int length) {
    double[] sum = new double[length];
    int n = 0;
    for (double[] w : all) {
      for (int i = 0; i < length; i++) {
        sum[i] += w[i];
      }
      n++;
    }
    for (int i = 0; i < length; i++) {
      sum[i] /= Math.max(1, n);
    }
    return sum;
  }

  static void recordTrain(int iteration, long nanos) {
    slowestTrain.computeIfAbsent(iteration, k -> new AtomicLong()).accumulateAndGet(nanos, Math::max);
  }

  public static final class Train implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      double[] global = ctx.globals().get("w", double[].class);
      long t0 = System.nanoTime();
      double[] trained = train(global, ctx.world().nodeId(), ctx.world().iteration());
      recordTrain(ctx.world().iteration(), System.nanoTime() - t0);
      ctx.results().add("w", trained);
    }
  }

  public static final class Aggregate implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      double[] avg;
      if (stream) {
        // Folds each value as it is handed over: its compute is the sum, timed value by value.
        double[] sum = new double[kb * 128];
        int[] n = {0};
        long[] compute = {0};
        ctx.results().forEach("w", double[].class, (key, w) -> {
          long t0 = System.nanoTime();
          for (int i = 0; i < sum.length; i++) {
            sum[i] += w[i];
          }
          n[0]++;
          compute[0] += System.nanoTime() - t0;
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < sum.length; i++) {
          sum[i] /= Math.max(1, n[0]);
        }
        aggregate.put(ctx.world().iteration(), compute[0] + System.nanoTime() - t0);
        avg = sum;
      } else {
        Map<String, double[]> all = ctx.results().select("w", double[].class);
        long t0 = System.nanoTime();
        avg = average(all.values(), kb * 128);
        aggregate.put(ctx.world().iteration(), System.nanoTime() - t0);
      }
      ctx.globals().set("w", avg);
      if (ctx.world().iteration() < rounds) {
        ctx.world().scheduleNextIteration(List.of(), "train");
      }
    }
  }

  /** What one run measured: per counted round, overhead (ms) and wall (ms); heap kept after each round. */
  record Figures(List<Double> overheadMs, List<Double> wallMs, List<Double> cpuMs, List<Long> keptBytes,
      long peakBytes, long reportBytes) {}

  /** The CPU time of this JVM so far (every thread: tasks, engine, GC, JIT), in ns. */
  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static Figures engine(int nodes) {
    slowestTrain.clear();
    aggregate.clear();
    SwarmGraph g = Swarms.define("fedround", s -> {
      s.global("w", new double[kb * 128]);
      s.maxIterations(rounds + 1);
      var train = s.task(Train.class, t -> t.alias("train").method(Method.ALL));
      s.task(Aggregate.class, t -> t.alias("aggregate").maximum(1)).after(train);
    });
    Map<Integer, Long> started = new ConcurrentHashMap<>();
    Map<Integer, Long> wall = new ConcurrentHashMap<>();
    Map<Integer, Long> cpuStarted = new ConcurrentHashMap<>();
    Map<Integer, Long> cpu = new ConcurrentHashMap<>();
    List<Long> kept = Collections.synchronizedList(new ArrayList<>());
    resetPeaks();
    LocalRun.Builder run = LocalRun.builder(g).nodes(nodes).parallelism(16);
    if (resultIterations >= 0) {
      run.resultIterations(resultIterations);
    }
    java.nio.file.Path journal = null;
    if (Bench.intArg("journal", 0) > 0) {
      try {
        journal = java.nio.file.Files.createTempDirectory("manta-bench").resolve("fedround.jsonl");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      run.journal(journal);
    }
    dev.manta.runtime.report.RunReport report = run.listener(new ProgressListener() {
      @Override
      public void iterationStarted(String swarm, int iteration) {
        started.put(iteration, System.nanoTime());
        cpuStarted.put(iteration, processCpu());
      }

      @Override
      public void iterationEnded(String swarm, int iteration) {
        wall.put(iteration, System.nanoTime() - started.get(iteration));
        cpu.put(iteration, processCpu() - cpuStarted.get(iteration));
        kept.add(Bench.usedHeapAfterGc());
      }
    }).build().run().requireCompleted();
    long peak = peakHeap();
    long reportBytes = Bench.usedHeapAfterGc(); // the run is over: what its report holds
    java.lang.ref.Reference.reachabilityFence(report);
    if (journal != null) {
      try {
        java.nio.file.Files.deleteIfExists(journal);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    List<Double> overhead = new ArrayList<>();
    List<Double> wallMs = new ArrayList<>();
    List<Double> cpuMs = new ArrayList<>();
    for (int it = 2; it <= rounds; it++) {
      long compute = slowestTrain.get(it).get() + aggregate.get(it);
      overhead.add((wall.get(it) - compute) / 1e6);
      wallMs.add(wall.get(it) / 1e6);
      cpuMs.add(cpu.get(it) / 1e6);
    }
    return new Figures(overhead, wallMs, cpuMs, kept, peak, reportBytes);
  }

  static Figures plain(int nodes) {
    List<Long> kept = new ArrayList<>();
    List<Double> overhead = new ArrayList<>();
    List<Double> wallMs = new ArrayList<>();
    List<Double> cpuMs = new ArrayList<>();
    resetPeaks();
    ExecutorService pool = new ThreadPoolExecutor(16, 16, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try {
      double[][] global = {new double[kb * 128]};
      for (int it = 1; it <= rounds; it++) {
        int iteration = it;
        AtomicLong slowest = new AtomicLong();
        long t0 = System.nanoTime();
        long cpu0 = processCpu();
        Map<String, double[]> results = new ConcurrentHashMap<>();
        List<Future<?>> batch = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
          String node = "node-" + (i + 1);
          double[] model = global[0];
          batch.add(pool.submit(() -> {
            long c0 = System.nanoTime();
            double[] w = train(model, node, iteration);
            slowest.accumulateAndGet(System.nanoTime() - c0, Math::max);
            results.put("train/" + node, w);
          }));
        }
        for (Future<?> f : batch) {
          f.get();
        }
        long[] agg = new long[1];
        pool.submit(() -> {
          long a0 = System.nanoTime();
          global[0] = average(results.values(), kb * 128);
          agg[0] = System.nanoTime() - a0;
        }).get();
        long w = System.nanoTime() - t0;
        long c = processCpu() - cpu0;
        if (it > 1) {
          overhead.add((w - slowest.get() - agg[0]) / 1e6);
          wallMs.add(w / 1e6);
          cpuMs.add(c / 1e6);
        }
        kept.add(Bench.usedHeapAfterGc());
        results.clear();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    return new Figures(overhead, wallMs, cpuMs, kept, peakHeap(), 0);
  }

  static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }

  static void resetPeaks() {
    Bench.usedHeapAfterGc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since {@link #resetPeaks} (an upper bound of the peak heap). */
  static long peakHeap() {
    return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  public static void main(String[] args) {
    int nodes = Bench.intArg("nodes", 1_000);
    kb = Bench.intArg("kb", 100);
    rounds = Math.max(2, Bench.intArg("rounds", 4));
    resultIterations = Integer.getInteger("resultIterations", -1);
    stream = Bench.intArg("stream", 0) > 0;
    System.out.println(Bench.build() + (Bench.intArg("journal", 0) > 0 ? ", engine with a journal" : "")
        + (resultIterations >= 0 ? ", resultIterations " + resultIterations : "")
        + (stream ? ", aggregator folding with Results.forEach" : ""));
    long base = Bench.usedHeapAfterGc();
    Figures p = plain(nodes);
    Figures e = engine(nodes);
    double raw = (double) nodes * kb * 1024;
    double em = Bench.median(e.overheadMs());
    double pm = Bench.median(p.overheadMs());
    double eMin = Collections.min(e.overheadMs());
    double pMin = Collections.min(p.overheadMs());
    System.out.printf("FedRound %d nodes x %d KB, rounds 2-%d: engine overhead %.1f ms a round (wall %.1f ms), plain"
            + " ThreadPoolExecutor %.1f ms (wall %.1f ms), ratio %.2f (medians; minimums %.1f / %.1f ms: %.2f)%n",
        nodes, kb, rounds, em, Bench.median(e.wallMs()), pm, Bench.median(p.wallMs()), em / pm, eMin, pMin,
        eMin / pMin);
    System.out.printf("CPU a round (every thread of the JVM): engine %.1f ms, plain %.1f ms, ratio %.2f (medians;"
            + " minimums %.1f / %.1f ms: %.2f)%n", Bench.median(e.cpuMs()), Bench.median(p.cpuMs()),
        Bench.median(e.cpuMs()) / Bench.median(p.cpuMs()), Collections.min(e.cpuMs()), Collections.min(p.cpuMs()),
        Collections.min(e.cpuMs()) / Collections.min(p.cpuMs()));
    if (Boolean.getBoolean("each")) {
      System.out.printf("  overhead each round (ms): engine %s, plain %s%n", e.overheadMs().stream().map(Math::round)
          .toList(), p.overheadMs().stream().map(Math::round).toList());
    }
    System.out.printf("heap kept after each round (MB): engine %s, plain %s; raw results of one round %.0f MB%n",
        mb(e.keptBytes(), base), mb(p.keptBytes(), base), raw / 1e6);
    long lastKept = e.keptBytes().get(e.keptBytes().size() - 1) - base;
    System.out.printf("engine: kept after the last round / raw %.2f, peak heap %.0f MB / raw %.2f (plain: peak %.0f MB,"
            + " %.2f)%n", lastKept / raw, e.peakBytes() / 1e6, e.peakBytes() / raw, p.peakBytes() / 1e6,
        p.peakBytes() / raw);
    System.out.printf("engine: held after the run with its report %.0f MB / raw %.2f (%d rounds of results)%n",
        Math.max(0, e.reportBytes() - base) / 1e6, Math.max(0, e.reportBytes() - base) / raw, rounds);
  }

  private static List<Long> mb(List<Long> bytes, long base) {
    return bytes.stream().map(b -> Math.max(0, b - base) / 1_000_000).toList();
  }
}
