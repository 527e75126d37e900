package dev.manta.processor;

import static dev.manta.processor.Sources.FEDERATED_LEARNING;
import static dev.manta.processor.Sources.MAP_REDUCE;
import static dev.manta.processor.Sources.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles into a real class output directory, as a build tool does: what a failed compilation
 * leaves there, and how the index follows builds that compile only some sources.
 */
class ClassOutputTest {
  /** Compiles {@code sources} into {@code out}, with {@code out} on the class path; true on success. */
  private static boolean javac(Path out, DiagnosticCollector<JavaFileObject> diagnostics, JavaFileObject... sources)
      throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
      JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics,
          List.of("-d", out.toString(), "-classpath", out + File.pathSeparator + System.getProperty("java.class.path")),
          null, List.of(sources));
      task.setProcessors(List.of(new MantaProcessor()));
      return task.call();
    }
  }

  private static boolean javac(Path out, JavaFileObject... sources) throws IOException {
    return javac(out, new DiagnosticCollector<>(), sources);
  }

  private static JsonNode index(Path out) throws IOException {
    return Json.mapper().readTree(out.resolve(IndexWriter.PATH).toFile());
  }

  private static Set<String> names(JsonNode node) {
    Set<String> out = new TreeSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void nothingIsGeneratedForASwarmWithErrors(@TempDir Path out) throws IOException {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok = javac(out, diagnostics, Sources.withTasks(java("com.acme.FederatedLearning",
        FEDERATED_LEARNING.replace("maximum = 1) Aggregator", "maximum = 0) Aggregator"))));
    assertFalse(ok);
    assertTrue(diagnostics.getDiagnostics().stream().anyMatch(d -> d.getMessage(null).startsWith("[Manta/Maximum]")));
    assertFalse(Files.exists(out.resolve("META-INF/manta/swarms/fl_experiment.json")));
    assertFalse(Files.exists(out.resolve("com/acme/MantaFederatedLearning.class")));
    assertFalse(Files.exists(out.resolve("META-INF/manta/swarms/fl_experiment.mmd")));
  }

  @Test
  void indexFollowsPartialRecompilation(@TempDir Path out) throws IOException {
    assertTrue(javac(out, Sources.withTasks(java("com.acme.FederatedLearning", FEDERATED_LEARNING))));
    assertEquals(Set.of("fl_experiment"), names(index(out).path("swarms")));
    assertTrue(Files.exists(out.resolve("META-INF/manta/swarms/fl_experiment.json")));

    // Only the map/reduce swarm changes: the earlier entries stay, because their classes still declare them.
    assertTrue(javac(out, java("com.acme.MapReduce", MAP_REDUCE)));
    JsonNode second = index(out);
    assertEquals(Set.of("fl_experiment", "mapreduce_job"), names(second.path("swarms")));
    assertEquals(5, second.path("modules").size());

    // The federated learning interface is deleted (its class file with it): its entry goes.
    Files.delete(out.resolve("com/acme/FederatedLearning.class"));
    assertTrue(javac(out, java("com.acme.Other", "package com.acme; @dev.manta.Swarm(name = \"other\") "
        + "public interface Other { Scheduler scheduler(); }")));
    assertEquals(Set.of("mapreduce_job", "other"), names(index(out).path("swarms")));

    // The map/reduce swarm is renamed: the old name goes with it.
    assertTrue(javac(out, java("com.acme.MapReduce", MAP_REDUCE.replace("mapreduce_job", "mapreduce_v2"))));
    assertEquals(Set.of("mapreduce_v2", "other"), names(index(out).path("swarms")));
  }
}
