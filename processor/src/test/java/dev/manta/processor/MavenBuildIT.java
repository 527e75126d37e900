package dev.manta.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a user's project with a real, offline Maven, the way a user would: manta-dsl as a
 * dependency and manta-processor in {@code annotationProcessorPaths}.
 *
 * <p>The freshly packaged jars go into a throwaway local repository, never into {@code ~/.m2}
 * ({@link OfflineMaven}). Runs in {@code verify}, after {@code package}.
 */
class MavenBuildIT {
  private static final Pattern MANTA_ERROR =
      Pattern.compile("\\[ERROR\\] (\\S*FederatedLearning\\.java):\\[(\\d+),(\\d+)\\] (\\[Manta/\\w+\\] .*)");

  @TempDir
  static Path work;
  private static OfflineMaven maven;
  private static Path project;

  @BeforeAll
  static void prepare() throws IOException {
    maven = OfflineMaven.create(work)
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", Path.of(OfflineMaven.property("manta.processor.jar")));
    project = maven.copyProject("/it-project/pom.xml", work.resolve("fl-demo"));
  }

  private static Build mvn(String... goals) throws IOException, InterruptedException {
    return maven.run(project, goals);
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
    assertTrue(Files.isRegularFile(classes.resolve("com/example/fl/MantaFederatedLearning.class")));
    try (var generated = Files.list(project.resolve("target/generated-sources/annotations/com/example/fl"))) {
      assertEquals(List.of("MantaFederatedLearning.java"), generated.map(p -> p.getFileName().toString()).toList(),
          "one source per swarm, none per task class");
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
