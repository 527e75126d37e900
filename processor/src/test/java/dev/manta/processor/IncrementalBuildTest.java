package dev.manta.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Incremental builds as IDEs and build tools do them: only some sources are compiled, into the
 * output directory of the previous compilation (which is also on the class path). Whatever the
 * processor generated must then equal what a clean build of the same sources generates, under javac
 * and ecj alike.
 */
class IncrementalBuildTest {
  private static final String TRAINER = """
      package com.acme;

      import dev.manta.*;

      @Task(%s)
      public final class Trainer implements TaskBody {
        public void run(TaskContext ctx) {}
      }
      """;
  private static final String AGGREGATOR = """
      package com.acme;

      import dev.manta.*;

      @Task
      public final class Aggregator implements TaskBody {
        public void run(TaskContext ctx) {}
      }
      """;
  private static final String SCHEDULER = AGGREGATOR.replace("Aggregator", "Scheduler");
  private static final String FL = """
      package com.acme;

      import dev.manta.*;

      @Swarm(name = "fl")
      public interface FederatedLearning {
        @Task(method = Method.ALL) Trainer localTrainers();

        @Task(maximum = 1) Aggregator aggregator(@On(Condition.RESULT) Trainer localTrainers);
      }
      """;
  private static final String OTHER = """
      package com.acme;

      import dev.manta.*;

      @Swarm(name = "other")
      public interface Other {
        Aggregator aggregator();
      }
      """;

  @TempDir
  Path dir;

  private Path src(String name, String code) throws IOException {
    Path file = dir.resolve("src/com/acme/" + name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, code);
    return file;
  }

  /** Compiles {@code files} into {@code out} (sources to {@code out-src}), with {@code out} on the class path. */
  private static void compile(String compilerName, Path out, Path... files) throws IOException {
    JavaCompiler compiler = compilerName.equals("ecj") ? new EclipseCompiler() : ToolProvider.getSystemJavaCompiler();
    Path generated = out.resolveSibling(out.getFileName() + "-src");
    Files.createDirectories(out);
    Files.createDirectories(generated);
    List<File> classPath = new ArrayList<>(Sources.classPath());
    classPath.add(0, out.toFile());
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-d", out.toString(), "-s", generated.toString(),
          "-classpath", String.join(File.pathSeparator, classPath.stream().map(File::getPath).toList()));
      JavaCompiler.CompilationTask task = compiler.getTask(new StringWriter(), fm, diagnostics, options, null,
          fm.getJavaFileObjects(files));
      task.setProcessors(List.of(new MantaProcessor()));
      boolean ok = task.call();
      assertTrue(ok, () -> compilerName + " failed: " + diagnostics.getDiagnostics().stream()
          .map(d -> d.getSource() + ":" + d.getLineNumber() + " " + d.getMessage(null)).toList());
    }
  }

  /** Every file the processor wrote or left, below out and out-src, by relative path. */
  private static Map<String, String> outputs(Path out) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (Path root : List.of(out, out.resolveSibling(out.getFileName() + "-src"))) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          String rel = root.getFileName() + "/" + root.relativize(p).toString().replace(File.separatorChar, '/');
          if (rel.contains("META-INF/") || rel.contains("Manta") || p.toString().endsWith(".java")) {
            files.put(rel.replaceFirst("^[^/]*?(-src)?/", "$1/"), p.toString().endsWith(".class") ? "class"
                : Files.readString(p));
          }
        }
      }
    }
    return files;
  }

  /** What a clean build of the sources now in src generates. */
  private Map<String, String> clean(String compiler) throws IOException {
    Path out = dir.resolve("clean");
    try (Stream<Path> sources = Files.walk(dir.resolve("src"))) {
      compile(compiler, out, sources.filter(p -> p.toString().endsWith(".java")).toArray(Path[]::new));
    }
    return outputs(out);
  }

  private static void assertSameOutputs(Map<String, String> clean, Map<String, String> incremental) {
    assertEquals(clean.keySet(), incremental.keySet(), "incremental build leaves the files a clean build writes");
    clean.forEach((path, text) -> assertEquals(text, incremental.get(path), path + " as a clean build writes it"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"javac", "ecj"})
  void changingOnlyATaskClassRegeneratesTheSwarmsUsingIt(String compiler) throws IOException {
    Path out = dir.resolve("out");
    Path trainer = src("Trainer", TRAINER.formatted("datasets = \"digits\", gpu = true"));
    compile(compiler, out, trainer, src("Aggregator", AGGREGATOR), src("FederatedLearning", FL), src("Other", OTHER));
    String before = Files.readString(out.resolve("META-INF/manta/swarms/fl.json"));
    assertTrue(before.contains("digits") && before.contains("\"gpu\" : true"), before);

    src("Trainer", TRAINER.formatted("datasets = \"labels\""));
    compile(compiler, out, trainer);

    String after = Files.readString(out.resolve("META-INF/manta/swarms/fl.json"));
    assertFalse(after.contains("digits"), after);
    assertTrue(after.contains("labels") && after.contains("\"gpu\" : false"), after);
    assertTrue(after.contains("\"alias\" : \"local_trainers\""), after);
    assertSameOutputs(clean(compiler), outputs(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"javac", "ecj"})
  void theOneStateFileKeepsTheSwarmsNotCompiledNow(String compiler) throws IOException {
    Path out = dir.resolve("out");
    Path aggregator = src("Aggregator", AGGREGATOR);
    compile(compiler, out, src("Trainer", TRAINER.formatted("")), aggregator, src("FederatedLearning", FL),
        src("Other", OTHER));
    Path state = out.resolve("META-INF/manta/processor/state.json");
    String first = Files.readString(state);
    assertTrue(first.contains("\"com.acme.FederatedLearning\"") && first.contains("\"com.acme.Other\""), first);
    assertFalse(Files.exists(out.resolve("META-INF/manta/processor/com.acme.Other.json")), "no state file per swarm");

    // Only one interface compiled: the other's state stays, and nothing else changes. (javac only:
    // ecj's batch Filer refuses to create MantaOther's source while its class file is in the output
    // on the class path, whether or not the processor keeps state; its IDE builder removes it first.)
    if (compiler.equals("javac")) {
      compile(compiler, out, src("Other", OTHER.replace("Aggregator aggregator();", "Aggregator gatherer();")));
      String second = Files.readString(state);
      assertTrue(second.contains("\"com.acme.FederatedLearning\"") && second.contains("\"gatherer\""), second);
      assertSameOutputs(clean(compiler), outputs(out));
    }

    // Only the task class both swarms use: both are regenerated from their class files and the state.
    src("Aggregator", AGGREGATOR.replace("@Task", "@Task(gpu = true)"));
    compile(compiler, out, aggregator);
    assertTrue(Files.readString(out.resolve("META-INF/manta/swarms/other.json")).contains("\"gpu\" : true"));
    assertTrue(Files.readString(out.resolve("META-INF/manta/swarms/fl.json")).contains("\"gpu\" : true"));
    assertSameOutputs(clean(compiler), outputs(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"javac", "ecj"})
  void deletingASwarmOrTaskClassRemovesItsOutputsAndIndexEntries(String compiler) throws IOException {
    Path out = dir.resolve("out");
    Path trainer = src("Trainer", TRAINER.formatted(""));
    Path fl = src("FederatedLearning", FL);
    Path scheduler = src("Scheduler", SCHEDULER);
    compile(compiler, out, trainer, src("Aggregator", AGGREGATOR), fl, scheduler, src("Other", OTHER));
    assertTrue(Files.exists(out.resolve("META-INF/manta/swarms/fl.json")));
    assertTrue(Files.readString(out.resolve("META-INF/manta/index.json")).contains("\"com.acme.Scheduler\""));
    assertTrue(Files.readString(out.resolve("META-INF/manta/processor/state.json")).contains("\"com.acme.FederatedLearning\""));

    // As an IDE does: the deleted sources' class files go, and the remaining changed file is compiled.
    Files.delete(fl);
    Files.delete(scheduler);
    Files.delete(out.resolve("com/acme/FederatedLearning.class"));
    Files.delete(out.resolve("com/acme/Scheduler.class"));
    compile(compiler, out, trainer);

    String index = Files.readString(out.resolve("META-INF/manta/index.json"));
    assertFalse(index.contains("\"fl\""), index);
    assertFalse(index.contains("Scheduler"), index);
    assertTrue(index.contains("\"other\""), index);
    assertFalse(Files.exists(out.resolve("META-INF/manta/swarms/fl.json")));
    assertFalse(Files.exists(out.resolve("com/acme/MantaFederatedLearning.class")));
    assertFalse(Files.readString(out.resolve("META-INF/manta/processor/state.json")).contains("FederatedLearning"));
    assertSameOutputs(clean(compiler), outputs(out));
  }
}
