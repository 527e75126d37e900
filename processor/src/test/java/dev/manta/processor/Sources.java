package dev.manta.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Test sources (the guide's task classes and swarms) and helpers to compile them with the processor. */
final class Sources {
  private Sources() {}

  /** Where {@link #java} writes sources: ecj compiles only sources that are files. */
  private static final Path SOURCE_ROOT;

  static {
    try {
      SOURCE_ROOT = Files.createTempDirectory("manta-sources");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A source file {@code qualifiedName} with {@code code}, written to a directory of its own (so two
   * versions of one class can coexist), as javac and ecj both compile it.
   */
  static JavaFileObject java(String qualifiedName, String code) {
    try {
      Path dir = Files.createTempDirectory(SOURCE_ROOT, "src");
      Path file = dir.resolve(qualifiedName.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, code);
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JavaFileObject taskClass(String simpleName, String annotation) {
    return java("com.acme." + simpleName, """
        package com.acme;

        import dev.manta.*;

        %s
        public final class %s implements TaskBody {
          @Override
          public void run(TaskContext ctx) {}
        }
        """.formatted(annotation, simpleName));
  }

  static final JavaFileObject TRAINER = taskClass("Trainer",
      "@Task(datasets = \"digits\", resources = @Resources(cpu = 2, memory = \"4Gi\"))");
  static final JavaFileObject AGGREGATOR = taskClass("Aggregator", "@Task");
  static final JavaFileObject SCHEDULER = taskClass("Scheduler", "@Task");
  static final JavaFileObject MAPPER = taskClass("Mapper", "@Task(method = Method.ALL)");
  static final JavaFileObject REDUCER = taskClass("Reducer", "@Task(image = \"eclipse-temurin:21-jre\")");

  static final String FEDERATED_LEARNING = """
      package com.acme;

      import dev.manta.*;

      @Swarm(name = "fl_experiment", networks = @Network(name = "backend", driver = Driver.OVERLAY))
      public interface FederatedLearning {
        @Global("epochs") default int epochs() { return 10; }

        @Global("weights") default double[] weights() { return new double[650]; }

        @Task(method = Method.ALL, network = "backend") Trainer trainers();

        @Task(method = Method.ANY, maximum = 1) Aggregator aggregator(Trainer trainers);

        @Task(method = Method.ANY, maximum = 1) Scheduler scheduler(Aggregator aggregator);
      }
      """;

  static final String MAP_REDUCE = """
      package com.acme;

      import dev.manta.*;

      @Swarm(name = "mapreduce_job", maxIterations = 1)
      public interface MapReduce {
        @Task(alias = "mapper", copies = 10) Mapper mappers();

        @Task(method = Method.ANY, maximum = 1) Reducer reducer(@On(Condition.RESULT) Mapper mappers);
      }
      """;

  /** The guide's task classes plus {@code extra}. */
  static JavaFileObject[] withTasks(JavaFileObject... extra) {
    List<JavaFileObject> all = new ArrayList<>(List.of(TRAINER, AGGREGATOR, SCHEDULER, MAPPER, REDUCER));
    all.addAll(List.of(extra));
    return all.toArray(JavaFileObject[]::new);
  }

  /** The compiler the suite runs under: {@code -Dmanta.test.compiler=ecj} for ecj, else javac. */
  static String compilerName() {
    return System.getProperty("manta.test.compiler", "javac");
  }

  /** A compiler by name ({@code javac} or {@code ecj}), with the Manta processor. */
  static Compiler compiler(String name) {
    Compiler base = switch (name) {
      case "javac" -> Compiler.javac();
      case "ecj" -> Compiler.compiler(new EcjCompiler())
          .withOptions("--release", "17")
          .withClasspath(classPath());
      default -> throw new IllegalArgumentException("manta.test.compiler is javac or ecj, not " + name);
    };
    return base.withProcessors(new MantaProcessor());
  }

  /** The test class path as files (ecj is not told it by default). */
  static List<java.io.File> classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(java.io.File::new).toList();
  }

  static Compilation compile(JavaFileObject... files) {
    return compile(compilerName(), files);
  }

  static Compilation compile(String compiler, JavaFileObject... files) {
    return compiler(compiler).compile(files);
  }

  /** The 1-based line of the only line of {@code code} containing {@code needle}. */
  static long lineOf(String code, String needle) {
    String[] lines = code.split("\n", -1);
    long found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(needle)) {
        if (found != -1) {
          throw new IllegalArgumentException("'" + needle + "' is on more than one line");
        }
        found = i + 1;
      }
    }
    if (found == -1) {
      throw new IllegalArgumentException("'" + needle + "' is not in the source");
    }
    return found;
  }

  static long count(Compilation c, Diagnostic.Kind kind, String text) {
    return c.diagnostics().stream()
        .filter(d -> d.getKind() == kind && d.getMessage(null).contains(text))
        .count();
  }

  static String messages(Compilation c) {
    return String.join("\n", c.diagnostics().stream().map(d -> d.getKind() + " " + d.getLineNumber() + ": "
        + d.getMessage(null)).toList());
  }

  /** A generated resource's bytes, if the compilation wrote it. */
  static Optional<byte[]> resource(Compilation c, String path) {
    return c.generatedFile(StandardLocation.CLASS_OUTPUT, "", path).map(f -> {
      try (InputStream in = f.openInputStream()) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The files the compilation wrote (compile-testing also lists files only looked up through the Filer). */
  static List<JavaFileObject> written(Compilation c) {
    return c.generatedFiles().stream().filter(f -> {
      try (InputStream in = f.openInputStream()) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }).map(f -> (JavaFileObject) f).toList();
  }

  static String text(Compilation c, String path) {
    return new String(resource(c, path).orElseThrow(() -> new AssertionError("not generated: " + path + "\n"
        + messages(c))), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Writes the class output to {@code dir} (classes and resources) and returns a loader over it. */
  static URLClassLoader load(Compilation c, Path dir) throws IOException {
    for (JavaFileObject f : c.generatedFiles()) {
      String uri = f.toUri().getPath();
      String prefix = "/" + StandardLocation.CLASS_OUTPUT.getName() + "/";
      if (!uri.startsWith(prefix)) {
        continue;
      }
      Path target = dir.resolve(uri.substring(prefix.length()));
      Files.createDirectories(target.getParent());
      try (InputStream in = f.openInputStream()) {
        Files.write(target, in.readAllBytes());
      } catch (java.io.FileNotFoundException e) {
        // Looked up (javac's Filer.getResource makes an entry in compile-testing), never written.
      }
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, Sources.class.getClassLoader());
  }
}
