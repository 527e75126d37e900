import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
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
 * warm-up, alternating the two ({@code -Druns=N} times, default 3); prints the median times and
 * their ratio. Run by run.sh.
 *
 * <p>Arguments: the class path (manta-dsl and its dependencies), the processor path (the processor
 * and its dependencies), then the swarm counts.
 */
public final class ProcessorOverhead {
  private static final int TASKS = 10;
  private static final int RUNS = Integer.getInteger("runs", 3);

  public static void main(String[] args) throws IOException {
    String classPath = args[0];
    String processorPath = args[1];
    int[] counts = Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path root = Files.createTempDirectory("manta-processor-bench");
    System.out.printf("%-8s %-6s %12s %12s %8s%n", "swarms", "tasks", "-proc:none", "processor", "ratio");
    for (int swarms : counts) {
      List<String> sources = generate(root.resolve("p" + swarms), swarms);
      // Warm-up: one compilation each, not measured.
      compile(javac, root, sources, classPath, processorPath, false);
      compile(javac, root, sources, classPath, processorPath, true);
      long[] without = new long[RUNS];
      long[] with = new long[RUNS];
      for (int i = 0; i < RUNS; i++) {
        without[i] = compile(javac, root, sources, classPath, processorPath, false);
        with[i] = compile(javac, root, sources, classPath, processorPath, true);
      }
      double a = median(without) / 1e6;
      double b = median(with) / 1e6;
      System.out.printf("%-8d %-6d %10.0fms %10.0fms %7.2fx%n", swarms, swarms * TASKS, a, b, b / a);
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Compiles into a fresh output folder; returns the wall time in nanoseconds. */
  private static long compile(JavaCompiler javac, Path root, List<String> sources, String classPath,
      String processorPath, boolean processor) throws IOException {
    Path out = Files.createTempDirectory(root, "out");
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "-s", out.toString(),
        "-classpath", classPath, "-nowarn"));
    if (processor) {
      args.addAll(List.of("-processorpath", processorPath));
    } else {
      args.add("-proc:none");
    }
    args.addAll(sources);
    StringWriter log = new StringWriter();
    long start = System.nanoTime();
    int rc = javac.run(null, null, null, args.toArray(String[]::new));
    long took = System.nanoTime() - start;
    if (rc != 0) {
      throw new IllegalStateException("javac failed (" + rc + ")" + log);
    }
    delete(out);
    return took;
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
