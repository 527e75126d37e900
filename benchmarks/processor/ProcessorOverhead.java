import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Processor overhead: javac on a generated project of N {@code @Swarm} interfaces with 10 task
 * classes each, with the Manta processor and without it ({@code -proc:none}), in one JVM after a
 * warm-up, alternating the two ({@code -Druns=N} times, default 3). Prints, per variant, the min
 * and median wall time and the median CPU time of this JVM (all threads: javac, GC, JIT), the
 * ratios processor / {@code -proc:none}, and the peak RSS of one compilation of each variant in a
 * fresh JVM ({@code -DnoRss=true} skips it). {@code -Dwarmup=false} skips the warm-up (for large
 * projects, where one compilation takes minutes). Run by run.sh.
 *
 * <p>Arguments: the class path (manta-dsl and its dependencies), the processor path (the processor
 * and its dependencies), then the swarm counts. {@code -Dgenerate=DIR} only writes the project of
 * the first count to DIR (with {@code sources.txt}, a javac argument file), for profiling.
 */
public final class ProcessorOverhead {
  private static final int TASKS = 10;
  private static final int RUNS = Integer.getInteger("runs", 3);
  private static final boolean RSS = !Boolean.getBoolean("noRss");
  private static final boolean WARM_UP = !"false".equals(System.getProperty("warmup"));

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    String classPath = args[0];
    String processorPath = args[1];
    int[] counts = Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray();
    if (System.getProperty("generate") != null) {
      Path dir = Path.of(System.getProperty("generate"));
      Files.write(dir.resolve("sources.txt"), generate(dir, counts[0]));
      return;
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path root = Files.createTempDirectory("manta-processor-bench");
    System.out.printf("runs=%d (%s), %d cores, %s %s%n", RUNS, WARM_UP ? "after one warm-up each" : "no warm-up",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
    System.out.printf("%-7s %-6s %-11s %9s %9s %9s %9s%n", "swarms", "tasks", "variant", "wall min", "wall med",
        "cpu med", "peak RSS");
    for (int swarms : counts) {
      List<String> sources = generate(root.resolve("p" + swarms), swarms);
      Path argFile = root.resolve("p" + swarms + ".args");
      Files.write(argFile, sources);
      if (WARM_UP) { // one compilation each, not measured
        compile(javac, root, sources, classPath, processorPath, false);
        compile(javac, root, sources, classPath, processorPath, true);
      }
      long[][] without = new long[2][RUNS];
      long[][] with = new long[2][RUNS];
      for (int i = 0; i < RUNS; i++) {
        long[] a = compile(javac, root, sources, classPath, processorPath, false);
        long[] b = compile(javac, root, sources, classPath, processorPath, true);
        without[0][i] = a[0];
        without[1][i] = a[1];
        with[0][i] = b[0];
        with[1][i] = b[1];
      }
      String rssWithout = RSS ? peakRss(root, argFile, classPath, processorPath, false) : "-";
      String rssWith = RSS ? peakRss(root, argFile, classPath, processorPath, true) : "-";
      row(swarms, "-proc:none", without, rssWithout);
      row(swarms, "processor", with, rssWith);
      System.out.printf("%-7d %-6d %-11s %8.2fx %8.2fx %8.2fx%n", swarms, swarms * TASKS, "ratio",
          min(with[0]) / min(without[0]), median(with[0]) / median(without[0]),
          median(with[1]) / median(without[1]));
      delete(root.resolve("p" + swarms));
    }
    delete(root);
  }

  private static void row(int swarms, String variant, long[][] times, String rss) {
    System.out.printf("%-7d %-6d %-11s %7.0fms %7.0fms %7.0fms %9s%n", swarms, swarms * TASKS, variant,
        min(times[0]) / 1e6, median(times[0]) / 1e6, median(times[1]) / 1e6, rss);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(long[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static List<String> options(Path out, String classPath, String processorPath, boolean processor) {
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "-s", out.toString(),
        "-classpath", classPath, "-nowarn"));
    if (processor) {
      args.addAll(List.of("-processorpath", processorPath));
    } else {
      args.add("-proc:none");
    }
    return args;
  }

  /** Compiles into a fresh output folder; returns the wall and process CPU time in nanoseconds. */
  private static long[] compile(JavaCompiler javac, Path root, List<String> sources, String classPath,
      String processorPath, boolean processor) throws IOException {
    Path out = Files.createTempDirectory(root, "out");
    List<String> args = options(out, classPath, processorPath, processor);
    args.addAll(sources);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    int rc = javac.run(null, null, null, args.toArray(String[]::new));
    long took = System.nanoTime() - start;
    long cpuTook = os.getProcessCpuTime() - cpu;
    if (rc != 0) {
      throw new IllegalStateException("javac failed (" + rc + "), see its messages above");
    }
    delete(out);
    return new long[] {took, cpuTook};
  }

  /**
   * One compilation in a fresh JVM (this file run with {@code --child}); returns its peak resident
   * set size as that JVM read it from /proc/self/status, or "n/a" where there is none.
   */
  private static String peakRss(Path root, Path argFile, String classPath, String processorPath, boolean processor)
      throws IOException, InterruptedException {
    Path out = Files.createTempDirectory(root, "rss");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("harness", "benchmarks/processor/ProcessorOverhead.java"), "--child", "@" + argFile));
    cmd.addAll(options(out, classPath, processorPath, processor));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the peak RSS compilation did not end within 30 minutes");
    }
    delete(out);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("the peak RSS compilation failed:\n" + output);
    }
    return output.lines().filter(l -> l.startsWith("VmHWM")).map(l -> l.replaceAll("\\D", ""))
        .map(kb -> Long.parseLong(kb) / 1024 + " MiB").findFirst().orElse("n/a");
  }

  /** In the fresh JVM: compiles (arguments as for javac), then prints its peak RSS line. */
  private static void child(String[] javacArgs) throws IOException {
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, javacArgs);
    if (rc != 0) {
      System.exit(rc);
    }
    Path status = Path.of("/proc/self/status");
    if (Files.exists(status)) {
      Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM")).forEach(System.out::println);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** N swarm interfaces, each with its own 10 task classes in a chain. */
  private static List<String> generate(Path dir, int swarms) throws IOException {
    List<String> files = new ArrayList<>();
    for (int s = 0; s < swarms; s++) {
      String pkg = "bench.s" + s;
      Path pkgDir = dir.resolve("bench/s" + s);
      Files.createDirectories(pkgDir);
      StringBuilder swarm = new StringBuilder("package " + pkg + ";\n\nimport dev.manta.*;\n\n@Swarm(name = \"swarm_"
          + s + "\")\npublic interface Flow" + s + " {\n");
      for (int t = 0; t < TASKS; t++) {
        String task = "Step" + t;
        Path file = pkgDir.resolve(task + ".java");
        Files.writeString(file, "package " + pkg + ";\n\nimport dev.manta.*;\n\n@Task(datasets = \"d" + t
            + "\")\npublic final class " + task + " implements TaskBody {\n  public void run(TaskContext ctx) {}\n}\n");
        files.add(file.toString());
        swarm.append("  ").append(task).append(" step").append(t).append("(")
            .append(t == 0 ? "" : "Step" + (t - 1) + " step" + (t - 1)).append(");\n");
      }
      swarm.append("}\n");
      Path file = pkgDir.resolve("Flow" + s + ".java");
      Files.writeString(file, swarm.toString());
      files.add(file.toString());
    }
    return files;
  }
}
