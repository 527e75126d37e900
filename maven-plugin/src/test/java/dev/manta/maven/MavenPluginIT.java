package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code manta:validate} and {@code manta:run} with a real, offline Maven on a user's project
 * (src/test/resources/tally-project), the way a user would: manta-dsl as a dependency,
 * manta-processor on the annotation processor path and manta-maven-plugin declared in the POM.
 * The freshly packaged artifacts go into a throwaway local repository ({@link OfflineMaven}), never
 * into {@code ~/.m2}. Runs in {@code verify}, after {@code package}.
 *
 * <p>The project has annotated swarms {@code tally} (task {@code count} on every node publishes
 * its node's number times global {@code scale}; then {@code sum} on one node sets global
 * {@code total}) and {@code doomed} (task {@code crash} throws on every node), and a
 * {@code SwarmDefinition} {@code checked} whose {@code maximum(0)} only the validator catches.
 */
class MavenPluginIT {
  @TempDir
  static Path work;
  private static OfflineMaven maven;
  private static Path project;

  @BeforeAll
  static void prepare() throws IOException {
    maven = OfflineMaven.create(work)
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", null)
        .installModule("runtime", "manta-runtime", null)
        .installModule("images", "manta-images", null)
        .installModule("client", "manta-client", null)
        .installModule("maven-plugin", "manta-maven-plugin", Path.of(OfflineMaven.property("manta.plugin.jar")));
    project = maven.copyProject("/tally-project/pom.xml", work.resolve("tally-demo"));
  }

  @Test
  void validateFailsOnTheDefinitionsMistakeAndTheFixedProjectValidatesAndRuns() throws Exception {
    Path definition = project.resolve("src/main/java/com/example/tally/Checked.java");
    String broken = Files.readString(definition);

    Build failed = maven.run(project, "compile", "manta:validate");
    assertNotEquals(0, failed.exitCode(), failed.output());
    assertTrue(Pattern.compile("(?m)^\\[ERROR\\] com\\.example\\.tally\\.Checked: \\[Manta/Maximum\\] maximum of task "
        + "'sum' is 0; .*\\(task 'sum', maximum\\)$").matcher(failed.output()).find(), failed.output());
    // Every swarm is checked, not just up to the first error.
    assertTrue(failed.output().contains("[INFO] swarm 'doomed' is valid: 1 tasks"), failed.output());
    assertTrue(failed.output().contains("[INFO] swarm 'tally' is valid: 2 tasks"), failed.output());
    assertTrue(failed.output().contains("[INFO] swarm 'dsl_tally' is valid: 2 tasks"), failed.output());
    assertTrue(failed.output().contains("1 swarm error(s) in com.example:tally-demo:jar:1.0"), failed.output());

    Files.writeString(definition, broken.replace("maximum(0)", "maximum(1)"));
    Build ok = maven.run(project, "compile", "manta:validate", "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodes=3");
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.output().contains("[INFO] swarm 'checked' is valid: 2 tasks"), ok.output());

    String out = ok.output();
    assertLine(out, Pattern.quote("running swarm 'tally' on 3 local nodes (seed 1)"));
    assertLine(out, "iteration 1");
    assertLine(out, "  count\\s+started on 3 node\\(s\\) \\[node-1, node-2, node-3\\]");
    assertLine(out, "  sum\\s+started on 1 node\\(s\\) \\[node-[123]\\]");
    assertLine(out, "    \\[count@node-2\\] .*node-2 counted 2");
    assertLine(out, "    \\[sum@node-[123]\\] .*total 6");
    assertLine(out, "iteration 1 done: count 3/3 ok sum 1/1 ok");
    assertLine(out, "swarm 'tally' completed after 1 iteration\\(s\\)");
    assertLine(out, "  count\\s+3 succeeded\\s+0 failed");
    assertLine(out, "  sum\\s+1 succeeded\\s+0 failed");
    Path output = project.resolve("target/manta/tally");
    assertLine(out, "output: " + Pattern.quote(output.toString()));

    JsonNode report = read(output, "report.json");
    assertEquals("tally", report.path("swarm").asText());
    assertEquals("COMPLETED", report.path("status").asText());
    assertTrue(report.path("failure").isNull(), report.toString());
    assertEquals(1, report.path("iterations").asInt());

    List<JsonNode> instances = new ArrayList<>();
    read(output, "instances.json").forEach(instances::add);
    assertEquals(4, instances.size(), instances.toString());
    assertEquals(List.of("node-1", "node-2", "node-3"),
        instances.stream().filter(i -> i.path("alias").asText().equals("count")).map(i -> i.path("node").asText())
            .sorted().toList());
    assertEquals(1, instances.stream().filter(i -> i.path("alias").asText().equals("sum")).count());
    instances.forEach(i -> assertEquals("SUCCEEDED", i.path("state").asText(), i.toString()));

    assertTally(output, 1);
  }

  @Test
  void aGlobalGivenOnTheCommandLineOverridesTheSwarmsOwn() throws Exception {
    Build build = maven.run(project, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodes=3", "-Dmanta.globals=scale=10");
    assertEquals(0, build.exitCode(), build.output());
    assertLine(build.output(), "    \\[sum@node-[123]\\] .*total 60");
    assertTally(project.resolve("target/manta/tally"), 10);
  }

  @Test
  void aPropertyOnTheCommandLineWinsOverTheSameParameterInThePom() throws Exception {
    Path configured = maven.copyProject("/tally-project/pom.xml", work.resolve("tally-configured"));
    Path pom = configured.resolve("pom.xml");
    Files.writeString(pom, Files.readString(pom).replace("<version>${manta.version}</version>\n      </plugin>",
        "<version>${manta.version}</version>\n        <configuration><swarm>doomed</swarm><nodes>5</nodes>"
            + "<logs>true</logs></configuration>\n      </plugin>"));
    assertTrue(Files.readString(pom).contains("<swarm>doomed</swarm>"), "the plugin's configuration went in");
    Build build = maven.run(configured, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodes=3");
    assertEquals(0, build.exitCode(), build.output());
    assertLine(build.output(), Pattern.quote("-Dmanta.swarm=tally overrides <swarm>doomed</swarm> of the POM"));
    assertLine(build.output(), Pattern.quote("-Dmanta.nodes=3 overrides <nodes>5</nodes> of the POM"));
    assertLine(build.output(), Pattern.quote("running swarm 'tally' on 3 local nodes (seed 1)"));
    assertTally(configured.resolve("target/manta/tally"), 1);

    Build bad = maven.run(configured, "manta:run", "-Dmanta.logs=maybe", "-Dmanta.resume=yes");
    assertNotEquals(0, bad.exitCode(), bad.output());
    assertLine(bad.output(), Pattern.quote("manta.resume is 'yes'; use true or false"));
    assertTrue(bad.output().contains("manta.logs is 'maybe'; use true or false"), bad.output());
    assertFalse(Files.exists(configured.resolve("target/manta/doomed")), "nothing ran");

    Build twoSources = maven.run(configured, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodesDirectory=nodes",
        "-Dmanta.nodesFile=nodes.yaml");
    assertNotEquals(0, twoSources.exitCode(), twoSources.output());
    assertTrue(twoSources.output().contains("manta.nodesDirectory (" + configured.resolve("nodes")
        + ") and manta.nodesFile (" + configured.resolve("nodes.yaml") + ") are both set"), twoSources.output());

    Build skipped = maven.run(configured, "manta:run", "-Dmanta.skip=true");
    assertEquals(0, skipped.exitCode(), skipped.output());
    assertLine(skipped.output(), Pattern.quote("manta:run skipped (manta.skip)"));
    assertFalse(skipped.output().contains("running swarm"), skipped.output());
  }

  @Test
  void aTaskFailingOnEveryNodeFailsTheBuildNamingTaskNodesAndCause() throws Exception {
    Build build = maven.run(project, "manta:run", "-Dmanta.swarm=doomed", "-Dmanta.nodes=2");
    assertNotEquals(0, build.exitCode(), build.output());
    String out = build.output();
    assertTrue(out.contains("BUILD FAILURE"), out);
    assertTrue(Pattern.compile("swarm 'doomed' failed: task 'crash' failed in iteration 1 on every node it ran on "
        + "\\((node-1, node-2|node-2, node-1)\\)").matcher(out).find(), out);
    for (String node : List.of("node-1", "node-2")) {
      assertTrue(out.contains(node + ": java.lang.IllegalStateException: disk full on " + node), out);
      assertLine(out, "    crash on " + node + " failed: .*disk full on " + node);
    }
    Path output = project.resolve("target/manta/doomed");
    assertTrue(out.contains("see " + output.resolve("instances.json")), out);

    JsonNode report = read(output, "report.json");
    assertEquals("FAILED", report.path("status").asText());
    assertTrue(report.path("failure").asText().startsWith("task 'crash' failed"), report.toString());
    JsonNode instances = read(output, "instances.json");
    assertEquals(2, instances.size(), instances.toString());
    instances.forEach(i -> assertEquals("FAILED", i.path("state").asText(), i.toString()));
  }

  @Test
  void aTaskCallingSystemExitFailsTheBuildWithAReport() throws Exception {
    Build build = maven.run(project, "manta:run", "-Dmanta.swarm=exits", "-Dmanta.nodes=3");
    String out = build.output();
    assertEquals(1, build.exitCode(), out);
    assertTrue(out.contains("swarm 'exits' failed: instance 1/quit/node-2 called System.exit"), out);
    assertTrue(out.contains("BUILD FAILURE (manta:run: a task called System.exit"), out);
    Path output = project.resolve("target/manta/exits");
    JsonNode report = read(output, "report.json");
    assertEquals("FAILED", report.path("status").asText());
    JsonNode instances = read(output, "instances.json");
    List<String> node2 = new ArrayList<>();
    instances.forEach(i -> {
      if (i.path("node").asText().equals("node-2")) {
        node2.add(i.path("state").asText() + " " + i.path("error").asText());
      }
    });
    assertEquals(1, node2.size(), instances.toString());
    assertTrue(node2.get(0).startsWith("FAILED called System.exit"), node2.toString());
  }

  @Test
  void anUnknownSwarmFailsTheBuildListingTheKnownOnes() throws Exception {
    Build build = maven.run(project, "manta:run", "-Dmanta.swarm=nope");
    assertNotEquals(0, build.exitCode(), build.output());
    assertTrue(build.output().contains("unknown swarm 'nope'; known: checked, doomed, dsl_tally, exits, gated, tally"),
        build.output());
    assertFalse(Files.exists(project.resolve("target/manta/nope")), "no output folder for a swarm that does not exist");
  }

  @Test
  void aSwarmBuiltWithTheDslAndRegisteredAsAServiceRunsByName() throws Exception {
    Build build = maven.run(project, "manta:run", "-Dmanta.swarm=dsl_tally", "-Dmanta.nodes=3",
        "-Dmanta.globals=scale=2");
    assertEquals(0, build.exitCode(), build.output());
    assertLine(build.output(), "swarm 'dsl_tally' completed after 1 iteration\\(s\\)");
    assertTally(project.resolve("target/manta/dsl_tally"), 2);
  }

  @Test
  void badLaunchInputFailsBeforeAnythingRunsWithEveryProblem() throws Exception {
    Build globals = maven.run(project, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.globals=scale=fast,scael=2");
    assertNotEquals(0, globals.exitCode(), globals.output());
    assertTrue(globals.output().contains("2 problems with the globals of swarm 'tally':"), globals.output());
    assertTrue(globals.output().contains("global 'scale' is a int, but the value given, \"fast\", is not a whole number"),
        globals.output());
    assertTrue(globals.output().contains("global 'scael' is not declared by swarm 'tally' (declared: scale); did you"
        + " mean 'scale'?"), globals.output());
    assertFalse(globals.output().contains("iteration 1"), "nothing ran");

    Build parallelism = maven.run(project, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.parallelism=-5");
    assertNotEquals(0, parallelism.exitCode(), parallelism.output());
    assertTrue(parallelism.output().contains("parallelism must be at least 1, not -5"), parallelism.output());
  }

  @Test
  void resumingWithOtherNodesIsRefusedSayingWhatDiffers() throws Exception {
    Path copy = maven.copyProject("/tally-project/pom.xml", work.resolve("resume-demo"));
    Build first = maven.run(copy, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodes=3");
    assertEquals(0, first.exitCode(), first.output());
    Build again = maven.run(copy, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodes=2", "-Dmanta.resume=true");
    assertNotEquals(0, again.exitCode(), again.output());
    String out = again.output();
    assertTrue(out.contains("cannot resume journal " + copy.resolve("target/manta/tally/journal.jsonl")
        + ": it belongs to a different run of swarm 'tally':"), out);
    assertTrue(out.contains("  - nodes: the journal's run had 3 node(s), this run has 2; missing now: node-3"), out);
    Build same = maven.run(copy, "manta:run", "-Dmanta.swarm=tally", "-Dmanta.nodes=3", "-Dmanta.resume=true");
    assertEquals(0, same.exitCode(), same.output());
    assertLine(same.output(), "swarm 'tally' completed after 1 iteration\\(s\\) \\(resumed\\)");
  }

  /** The reported bug: two manta:run on one journal at once, each in its own Maven JVM. */
  @Test
  void aSecondRunOnTheSameJournalIsRefusedNamingTheFirst() throws Exception {
    Path copy = maven.copyProject("/tally-project/pom.xml", work.resolve("overlap"));
    Build compiled = maven.run(copy, "compile");
    assertEquals(0, compiled.exitCode(), compiled.output());
    Path gate = copy.resolve("gate");
    Path journal = copy.resolve("target/manta/gated/journal.jsonl");
    Path firstLog = copy.resolve("first.log");
    Process first = maven.start(copy, firstLog, "manta:run", "-Dmanta.swarm=gated", "-Dmanta.nodes=2",
        "-Dmanta.globals=gate=\"" + gate + "\"");
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
      while (!Files.exists(journal) || dev.manta.runtime.journal.Journal.readAll(journal).stream()
          .noneMatch(e -> e instanceof dev.manta.runtime.journal.JournalEntry.InstanceRunning)) {
        assertTrue(first.isAlive(), () -> "the first run ended early: " + read(firstLog));
        assertTrue(System.nanoTime() < deadline, () -> "the first run never started its task: " + read(firstLog));
        Thread.sleep(100);
      }
      long size = Files.size(journal);
      for (String resume : List.of("true", "false")) {
        Build second = maven.run(copy, "manta:run", "-Dmanta.swarm=gated", "-Dmanta.nodes=2",
            "-Dmanta.globals=gate=\"" + gate + "\"", "-Dmanta.resume=" + resume);
        assertNotEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("journal " + journal + " is in use by another run: process "),
            second.output());
        assertTrue(second.output().contains("Wait for that run to end or stop it"), second.output());
        assertEquals(size, Files.size(journal), "the refused run (resume=" + resume + ") left the journal alone");
      }
      Files.createFile(gate);
      assertTrue(first.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "the first run ends once the gate opens");
      assertEquals(0, first.exitValue(), read(firstLog));
    } finally {
      first.destroyForcibly();
    }
    assertEquals(1, dev.manta.runtime.journal.Journal.readAll(journal).stream()
        .filter(e -> e instanceof dev.manta.runtime.journal.JournalEntry.SwarmEnded).count());
    Build resumed = maven.run(copy, "manta:run", "-Dmanta.swarm=gated", "-Dmanta.nodes=2",
        "-Dmanta.globals=gate=\"" + gate + "\"", "-Dmanta.resume=true");
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertLine(resumed.output(), "swarm 'gated' completed after 1 iteration\\(s\\) \\(resumed\\)");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  @Test
  void validateWithoutCompiledClassesFailsSayingToCompile() throws Exception {
    Path copy = maven.copyProject("/tally-project/pom.xml", work.resolve("uncompiled"));
    Build build = maven.run(copy, "manta:validate");
    assertNotEquals(0, build.exitCode(), build.output());
    assertTrue(build.output().contains("the project com.example:tally-demo:jar:1.0 is not compiled ("
        + copy.resolve("target/classes") + " is missing), so there is nothing to validate: run 'mvn compile"
        + " manta:validate'"), build.output());
  }

  @Test
  void aHandEditedManifestOnTheClassPathIsWhatValidateAndRunCheck() throws Exception {
    Path copy = maven.copyProject("/tally-project/pom.xml", work.resolve("edited"));
    Build compiled = maven.run(copy, "compile");
    assertEquals(0, compiled.exitCode(), compiled.output());
    Path manifest = copy.resolve("target/classes/META-INF/manta/swarms/tally.json");
    String written = Files.readString(manifest);
    assertTrue(written.contains("\"maximum\" : 1"), written);

    Files.writeString(manifest, written.replace("\"maximum\" : 1", "\"maximum\" : 0"));
    Build validate = maven.run(copy, "manta:validate");
    assertNotEquals(0, validate.exitCode(), validate.output());
    assertTrue(validate.output().contains("[Manta/Maximum] maximum of task 'sum' is 0"), validate.output());
    Build run = maven.run(copy, "manta:run", "-Dmanta.swarm=tally");
    assertNotEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("[Manta/Maximum] maximum of task 'sum' is 0"), run.output());

    Files.writeString(manifest, written.replace("\"manifestVersion\" : 1", "\"manifestVersion\" : 99"));
    Build version = maven.run(copy, "manta:validate");
    assertNotEquals(0, version.exitCode(), version.output());
    assertTrue(version.output().contains("swarm 'tally': its manifest cannot be read: " + manifest.toUri().toURL()
        + " at $.manifestVersion: unknown manifestVersion 99"), version.output());

    Files.writeString(manifest, "not json");
    Build garbage = maven.run(copy, "manta:run", "-Dmanta.swarm=tally");
    assertNotEquals(0, garbage.exitCode(), garbage.output());
    assertTrue(garbage.output().contains(manifest.toUri().toURL() + " at $: malformed JSON"), garbage.output());
  }

  /**
   * Checks a finished tally on nodes node-1 … node-3: result {@code count} of task {@code count} on
   * node-i (key {@code count/node-i}) is {@code i × scale}, and global {@code total} is their sum.
   */
  private static void assertTally(Path output, int scale) throws IOException {
    JsonNode counts = read(output, "results.json").path("1").path("count");
    Map<String, Integer> byNode = new TreeMap<>();
    counts.fields().forEachRemaining(e -> byNode.put(e.getKey(), e.getValue().asInt()));
    assertEquals(Map.of("count/node-1", scale, "count/node-2", 2 * scale, "count/node-3", 3 * scale), byNode);
    JsonNode globals = read(output, "globals.json");
    assertEquals(scale, globals.path("scale").asInt(), globals.toString());
    assertEquals(byNode.values().stream().mapToInt(Integer::intValue).sum(), globals.path("total").asInt(),
        globals.toString());
  }

  private static JsonNode read(Path output, String file) throws IOException {
    return Json.mapper().readTree(output.resolve(file).toFile());
  }

  /** Asserts that Maven logged a line (after its level tag) matching {@code regex}. */
  private static void assertLine(String output, String regex) {
    assertTrue(Pattern.compile("(?m)^\\[(INFO|WARNING|ERROR)\\] " + regex + "$").matcher(output).find(),
        "no line matching '" + regex + "' in:\n" + output);
  }
}
