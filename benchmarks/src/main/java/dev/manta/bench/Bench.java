package dev.manta.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/** Runs a measurement and its baseline alternately in one JVM and prints the median and minimum ratios. */
final class Bench {
  private Bench() {}

  static int intArg(String name, int fallback) {
    int value = Integer.getInteger(name, 0);
    return value > 0 ? value : fallback;
  }

  /** Times {@code task} once, in milliseconds. */
  static double millis(Runnable task) {
    long t0 = System.nanoTime();
    task.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  /**
   * {@code -Dwarmup} (default 1) warm-up rounds of each, then {@code rounds} alternating timings; prints both medians and
   * measured / baseline, and the same for the minimums (the least disturbed round of each).
   */
  static double compare(String what, int rounds, Runnable measured, String baselineName, Runnable baseline) {
    System.out.println(build());
    // -Dwarmup=N: untimed rounds of each first (default 1); the engine's code takes several rounds
    // to be compiled (JIT) on this machine, so steady-state figures want more.
    for (int i = 0, n = Math.max(1, Integer.getInteger("warmup", 1)); i < n; i++) {
      measured.run();
      baseline.run();
    }
    List<Double> m = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    List<Double> mCpu = new ArrayList<>();
    List<Double> bCpu = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long c0 = cpuNanos();
      m.add(millis(measured));
      long c1 = cpuNanos();
      b.add(millis(baseline));
      mCpu.add((c1 - c0) / 1e6);
      bCpu.add((cpuNanos() - c1) / 1e6);
    }
    if (Boolean.getBoolean("each")) {
      // -Deach=true (java directly): every round, to tell a slow machine from a bimodal engine.
      System.out.printf("  rounds, %s: %s%n  rounds, %s: %s%n", what, rounded(m), baselineName, rounded(b));
    }
    double mm = median(m);
    double bm = median(b);
    double mMin = Collections.min(m);
    double bMin = Collections.min(b);
    System.out.printf("%s: %.1f ms, %s: %.1f ms, ratio %.2f (medians; minimums %.1f / %.1f ms: %.2f)%n", what, mm,
        baselineName, bm, mm / bm, mMin, bMin, mMin / bMin);
    if (cpuNanos() > 0) {
      // The JVM's CPU time (every thread, GC and JIT included): steadier than wall time on a loaded machine.
      System.out.printf("  CPU time of the JVM: %.1f ms, %s: %.1f ms, ratio %.2f (medians; minimums %.1f / %.1f ms: %.2f)%n",
          median(mCpu), baselineName, median(bCpu), median(mCpu) / median(bCpu), Collections.min(mCpu),
          Collections.min(bCpu), Collections.min(mCpu) / Collections.min(bCpu));
    }
    return mm / bm;
  }

  /** The JVM's CPU time so far (all threads), or 0 where the platform does not say. */
  static long cpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
  }

  private static List<Long> rounded(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Which runtime build is on the class path (the benchmarks run against older builds too). */
  static String build() {
    String build;
    try {
      Class.forName("dev.manta.runtime.local.LocalTransport");
      build = "runtime: with issue 7 (journal writer, per-instance keys, O(1) events)";
    } catch (ClassNotFoundException e) {
      build = "runtime: before issue 7";
    }
    return build + "; " + heapAtStart();
  }

  /**
   * Whether the heap was committed whole and touched at start ({@code -Xms} = {@code -Xmx} with
   * {@code -XX:+AlwaysPreTouch}, as the benchmarks' pom starts them). Without it a round that grows
   * the heap also pays the kernel's first touch of its pages, which made FedRound's rounds bimodal.
   */
  static String heapAtStart() {
    long committed = Runtime.getRuntime().totalMemory() >> 20;
    long max = Runtime.getRuntime().maxMemory() >> 20;
    boolean pretouch = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
        .contains("-XX:+AlwaysPreTouch");
    if (committed >= max && pretouch) {
      return "heap " + max + " MB, committed and touched at start";
    }
    return "heap " + committed + " of " + max + " MB committed at start" + (pretouch ? "" : ", not pretouched")
        + " (rounds may include the first touch of heap pages: -Xms as -Xmx and -XX:+AlwaysPreTouch;"
        + " with Maven -Dbench.heapStart=-Xms<size of -Dbench.heap>)";
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static LongSupplier heap() {
    return Bench::usedHeapAfterGc;
  }
}
