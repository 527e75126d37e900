package dev.manta.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a user's project with a real, offline Maven, the way a user would: manta-dsl as a
 * dependency and manta-processor in {@code annotationProcessorPaths}.
 *
 * <p>The freshly packaged jars (and the parent POM) go into a throwaway local repository, never
 * into {@code ~/.m2}. So that this repository still has the Maven plugins and libraries the
 * outer build already downloaded, every other entry of the real local repository is linked into
 * it; only {@code dev/manta} is its own. Runs in {@code verify}, after {@code package}.
 */
class MavenBuildIT {
  private static final Pattern MANTA_ERROR =
      Pattern.compile("\\[ERROR\\] (\\S*FederatedLearning\\.java):\\[(\\d+),(\\d+)\\] (\\[Manta/\\w+\\] .*)");

  @TempDir
  static Path work;
  private static Path repository;
  private static Path project;

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set; run this test with "
          + "'mvn -pl processor -am verify', which sets it (maven-failsafe-plugin)");
    }
    return value;
  }

  @BeforeAll
  static void prepare() throws IOException, URISyntaxException {
    String version = property("manta.version");
    Path root = Path.of(property("manta.root")).toRealPath();
    Path realRepository = Path.of(property("manta.local.repository")).toRealPath();
    repository = work.resolve("repository");
    linkEntries(realRepository, repository, "dev");
    linkEntries(realRepository.resolve("dev"), repository.resolve("dev"), "manta");
    install(root.resolve("pom.xml"), null, "manta-parent", version);
    install(root.resolve("dsl/pom.xml"), dslJar(root, version), "manta-dsl", version);
    install(root.resolve("processor/pom.xml"), Path.of(property("manta.processor.jar")), "manta-processor", version);

    Path template = Path.of(MavenBuildIT.class.getResource("/it-project/pom.xml").toURI()).getParent();
    project = work.resolve("fl-demo");
    try (Stream<Path> files = Files.walk(template)) {
      for (Path from : files.toList()) {
        Path to = project.resolve(template.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.writeString(to, Files.readString(from).replace("@manta.version@", version));
        }
      }
    }
  }

  /** Links every entry of {@code from} into {@code to}, except {@code own}, which becomes a real directory. */
  private static void linkEntries(Path from, Path to, String own) throws IOException {
    Files.createDirectories(to.resolve(own));
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(own)) {
          Files.createSymbolicLink(to.resolve(entry.getFileName().toString()), entry);
        }
      }
    }
  }

  private static Path dslJar(Path root, String version) {
    String name = "manta-dsl-" + version + ".jar";
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(name)) {
        return Path.of(entry);
      }
    }
    return root.resolve("dsl/target/" + name);
  }

  private static void install(Path pom, Path jar, String artifactId, String version) throws IOException {
    Path dir = repository.resolve("dev/manta/" + artifactId + "/" + version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
    if (jar != null) {
      assertTrue(Files.isRegularFile(jar), "not built: " + jar + "; run 'mvn -pl processor -am verify'");
      Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
    }
  }

  private record Build(int exitCode, String output) {}

  private static Build mvn(String... goals) throws IOException, InterruptedException {
    String home = System.getProperty("manta.maven.home", "");
    String executable = home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
    List<String> command = new ArrayList<>(List.of(executable, "-o", "-B", "-Dstyle.color=never",
        "-Dmaven.repo.local=" + repository, "-f", project.resolve("pom.xml").toString()));
    command.addAll(List.of(goals));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("mvn did not finish");
    }
    String output = new String(out, StandardCharsets.UTF_8);
    System.out.println(output);
    return new Build(p.exitValue(), output);
  }

  @Test
  void mistakeFailsTheBuildOnItsLineAndTheFixedSwarmGetsItsManifest() throws Exception {
    Path source = project.resolve("src/main/java/com/example/fl/FederatedLearning.java");
    String broken = Files.readString(source);

    Build failed = mvn("compile");
    assertNotEquals(0, failed.exitCode(), failed.output());
    Matcher error = MANTA_ERROR.matcher(failed.output());
    assertTrue(error.find(), "no located Manta error in:\n" + failed.output());
    assertEquals(source.toRealPath().toString(), Path.of(error.group(1)).toRealPath().toString());
    assertEquals(Sources.lineOf(broken, "Trainer trainer)"), Long.parseLong(error.group(2)));
    assertEquals("[Manta/UnknownTask] parameter 'trainer' of task method 'aggregator' names no task of swarm "
        + "'fl_experiment'; did you mean 'trainers'?", error.group(4));
    Path manifest = project.resolve("target/classes/META-INF/manta/swarms/fl_experiment.json");
    assertTrue(Files.notExists(manifest));

    Files.writeString(source, broken.replace("Trainer trainer)", "Trainer trainers)"));
    Build fixed = mvn("compile");
    assertEquals(0, fixed.exitCode(), fixed.output());
    Manifest read = ManifestCodec.read(manifest);
    assertEquals("com.example.fl.FederatedLearning", read.sourceClass());
    assertEquals(List.of("trainers", "aggregator", "scheduler"), read.order());
    assertEquals(List.of("epochs", "weights"), read.computedGlobals());
    Path classes = project.resolve("target/classes");
    for (String generated : List.of("MantaFederatedLearning", "Trainer_MantaLauncher", "Aggregator_MantaLauncher",
        "Scheduler_MantaLauncher")) {
      assertTrue(Files.isRegularFile(classes.resolve("com/example/fl/" + generated + ".class")), generated);
    }
    assertTrue(Files.isRegularFile(classes.resolve("META-INF/manta/swarms/fl_experiment.mmd")));

    // A second swarm, built without clean: the index lists both.
    Files.writeString(source.resolveSibling("Retraining.java"), """
        package com.example.fl;

        @dev.manta.Swarm(name = "retraining")
        public interface Retraining {
          Trainer trainers();
          Aggregator aggregator(Trainer trainers);
        }
        """);
    Build again = mvn("compile");
    assertEquals(0, again.exitCode(), again.output());
    JsonNode index = Json.mapper().readTree(classes.resolve("META-INF/manta/index.json").toFile());
    Set<String> swarms = new TreeSet<>();
    index.path("swarms").fieldNames().forEachRemaining(swarms::add);
    assertEquals(Set.of("fl_experiment", "retraining"), swarms);
    assertEquals(3, index.path("modules").size());
  }
}
