package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.client.ClusterNode;
import dev.manta.client.MantaClient;
import dev.manta.graph.Json;
import dev.manta.images.ImageBuilder;
import dev.manta.images.ImageTarget;
import dev.manta.images.JavaBaseImage;
import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import dev.manta.it.TestCluster;
import dev.manta.runtime.cluster.ClusterLayout;
import dev.manta.runtime.cluster.ConductorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real 3-node test cluster ({@code scripts/cluster up 3}), swarm {@code fault_check}
 * deployed with a real, offline Maven and watched through its conductor's journal: the conductor's
 * container killed at three points (Swarm restarts it, it resumes from its journal volume, the run
 * ends like an uninterrupted {@code manta:run}); a node's link cut while it runs the {@code ANY}
 * task (the node is lost, the task moves, the {@code ALL} task goes on with the survivors, the node
 * coming back writes nothing). Prints the figures (recovery time, time to notice the loss).
 */
@Tag("docker")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {
  private static final String SWARM = "fault_check";

  @TempDir
  static Path work;

  private static OfflineMaven maven;
  private static String base;
  private static Path project;

  @BeforeEach
  void requireCluster() {
    TestCluster.require();
  }

  @BeforeAll
  static void prepare() throws Exception {
    if (!TestCluster.available()) {
      return;
    }
    maven = OfflineMaven.create(work.resolve("maven"))
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", null)
        .installModule("runtime", "manta-runtime", null)
        .installModule("images", "manta-images", null)
        .installModule("client", "manta-client", null)
        .installModule("maven-plugin", "manta-maven-plugin", Path.of(OfflineMaven.property("manta.plugin.jar")));
    base = ImageBuilder.builder().allowInsecureRegistries(true).build()
        .build(JavaBaseImage.ofRunningJdk(), ImageTarget.registry(TestCluster.REGISTRY + "/manta/java-base:"
            + Runtime.version().feature()))
        .digestReference();
    project = maven.copyProject("/fault-project/pom.xml", work.resolve("fault-check"));
    Build compile = maven.run(project, "compile");
    assertEquals(0, compile.exitCode(), compile.output());
  }

  private static Process deploy(Path log, String globals, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("manta:deploy", "-Dmanta.registry=" + TestCluster.REGISTRY,
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base, "-Dmanta.follow=true",
        "-Dmanta.followTimeout=8m", "-Dmanta.globals=" + globals));
    args.addAll(List.of(more));
    return maven.start(project, log, args.toArray(String[]::new));
  }

  /**
   * Keeps the conductor's journal, the deploy's output and the services' tasks and logs of a run under
   * {@code target/cluster-fault/} (before the swarm is removed), so that a failed run can be read afterwards.
   */
  private static void keep(String name, Journal journal, Path log) throws IOException {
    Path dir = Path.of("target", "cluster-fault", name + "-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    List<String> lines = journal == null ? null : journal.lines();
    if (lines != null) {
      Files.write(dir.resolve("journal.jsonl"), lines);
    }
    if (Files.exists(log)) {
      Files.copy(log, dir.resolve("deploy.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    TestCluster.keepServiceLogs(SWARM, dir);
    System.out.println("[cluster-fault] kept the journal, the deploy output and the services' logs under " + dir.toAbsolutePath());
  }

  private static void undeploy() throws Exception {
    Build undeploy = maven.run(project, "manta:undeploy", "-Dmanta.swarm=" + SWARM, "-Dmanta.purge=true");
    assertEquals(0, undeploy.exitCode(), undeploy.output());
  }

  /** The conductor's journal over its HTTP API, or {@code null} while it does not answer. */
  private static final class Journal {
    private final MantaClient client;
    private ConductorClient conductor;

    Journal(MantaClient client) {
      this.client = client;
    }

    List<String> lines() {
      try {
        if (conductor == null) {
          if (!client.swarms().contains(SWARM)) {
            return null;
          }
          String token = Files.readString(client.tokenFile(SWARM)).strip();
          conductor = new ConductorClient(client.swarm(SWARM).conductorUri(), token);
        }
        String text = new String(conductor.file(ClusterLayout.JOURNAL_FILE), StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank()).toList();
      } catch (RuntimeException | IOException e) {
        return null; // not deployed yet, or the conductor is down or restarting
      }
    }

    /** Polls (every 100 ms, at most {@code limit}) until the conductor does not answer. */
    void awaitDown(Duration limit) throws InterruptedException {
      long end = System.nanoTime() + limit.toNanos();
      while (lines() != null) {
        if (System.nanoTime() > end) {
          throw new AssertionError("the conductor still answered " + limit + " after it was killed");
        }
        Thread.sleep(100);
      }
    }

    /** Polls (every 100 ms, at most {@code limit}) until the journal shows {@code what}. */
    List<String> await(String what, Duration limit, Predicate<List<String>> until) throws InterruptedException {
      long end = System.nanoTime() + limit.toNanos();
      List<String> last = null;
      while (System.nanoTime() < end) {
        List<String> lines = lines();
        if (lines != null) {
          last = lines;
          if (until.test(lines)) {
            return lines;
          }
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the journal did not show " + what + " within " + limit + "; it held " + last);
    }
  }

  private static JsonNode entry(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a journal line: " + line, e);
    }
  }

  private static List<JsonNode> entries(List<String> lines, String type) {
    return lines.stream().map(ClusterFaultIT::entry).filter(e -> e.path("type").asText().equals(type)).toList();
  }

  private static boolean isBlob(String line) {
    JsonNode e = entry(line);
    return e.path("type").asText().equals("result-added") && e.path("tag").asText().equals("blob");
  }

  private static long assignments(List<String> lines) {
    return entries(lines, "instance-assigned").size();
  }

  private static void killConductor() {
    TestCluster.Result ids = TestCluster.docker("ps", "-q", "--filter",
        "label=com.docker.swarm.service.name=" + ClusterLayout.conductorService(SWARM));
    String container = ids.output().strip().lines().findFirst().orElseThrow(() -> new AssertionError(
        "no conductor container: " + ids.output()));
    TestCluster.Result kill = TestCluster.docker("kill", container);
    assertEquals(0, kill.exitCode(), kill.output());
  }

  @Test
  @Order(0)
  void aHandEditedManifestOfANewerVersionIsRefusedBeforeAnyDockerObjectExists() throws Exception {
    Path edited = maven.copyProject("/fault-project/pom.xml", work.resolve("fault-edited"));
    Build compile = maven.run(edited, "compile");
    assertEquals(0, compile.exitCode(), compile.output());
    Path manifest = edited.resolve("target/classes/META-INF/manta/swarms/" + SWARM + ".json");
    String text = Files.readString(manifest);
    String newer = text.replaceFirst("\"manifestVersion\"\\s*:\\s*1", "\"manifestVersion\": 2");
    assertNotEquals(text, newer, "the manifest names its version 1: " + text);
    Files.writeString(manifest, newer);
    assertEquals(List.of(), TestCluster.objectsOf(SWARM), "nothing of the swarm before");
    Build deploy = maven.run(edited, "manta:deploy", "-Dmanta.registry=" + TestCluster.REGISTRY,
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base);
    assertEquals(1, deploy.exitCode(), deploy.output());
    assertTrue(deploy.output().contains("manifestVersion"), deploy.output());
    assertEquals(List.of(), TestCluster.objectsOf(SWARM), "nothing of the swarm after");
  }

  @Test
  @Order(1)
  void aConductorKilledAtThreePointsResumesEachTimeAndEndsLikeAnUninterruptedRun() throws Exception {
    // node-3's last-round blob: 16 M characters take long enough to send that the kill can land mid-upload
    String globals = "rounds=5,pause_ms=700,blob_chars=16000000";
    Path log = work.resolve("kill-deploy.log");
    Process deploy = deploy(log, globals);
    Journal journal = null;
    try (MantaClient client = MantaClient.fromEnvironment()) {
      journal = new Journal(client);
      record Point(String name, Predicate<List<String>> reached) {}
      List<Point> points = List.of(
          new Point("after a global set", l -> entries(l, "global-set").stream()
              .anyMatch(e -> e.path("name").asText().equals("count"))),
          new Point("mid fan-in", l -> entries(l, "result-added").stream().filter(e -> e.path("iteration").asInt() == 3
              && e.path("alias").asText().equals("everywhere") && e.path("tag").asText().equals("step")).count() == 1),
          new Point("between iterations", l -> entries(l, "iteration-ended").stream()
              .anyMatch(e -> e.path("iteration").asInt() == 4)),
          new Point("during a result upload", l -> l.stream().anyMatch(line -> line.contains("\"log\"")
              && line.contains("uploading"))));
      for (Point p : points) {
        List<String> seen = journal.await(p.name, Duration.ofMinutes(4), p.reached);
        long killed = System.nanoTime();
        killConductor();
        // The journal is unreadable while the container is down (Swarm restarts it after 1 s); what it
        // holds when it answers again is what the old conductor wrote, and the restarted one appends.
        journal.awaitDown(Duration.ofSeconds(30));
        List<String> old = journal.await("the restarted conductor answering", Duration.ofMinutes(3), l -> true);
        int written = old.size();
        long back = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        journal.await("work given out by the restarted conductor", Duration.ofMinutes(3),
            l -> l.subList(written, l.size()).stream().map(ClusterFaultIT::entry).map(e -> e.path("type").asText())
                .anyMatch(t -> t.equals("instance-assigned") || t.equals("instance-running")));
        long recovery = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        String last = entry(seen.get(seen.size() - 1)).path("type").asText();
        String blob = p.name.equals("during a result upload") ? (old.stream().anyMatch(ClusterFaultIT::isBlob)
            ? " (the blob was journaled before the kill: the kill came after the upload)"
            : " (the blob was not journaled when killed: the agent sent it again)") : "";
        System.out.printf("[cluster-kill] %-18s killed once the journal showed entry %d (%s); the old conductor had"
            + " written %d; the restarted one answered after %d ms; recovery %d ms (docker kill -> the restarted"
            + " conductor's first instance assigned or running)%s%n", p.name, seen.size(), last, written, back, recovery,
            blob);
      }
      assertTrue(deploy.waitFor(8, TimeUnit.MINUTES), "deploy with follow ended");
      String output = Files.readString(log);
      assertEquals(0, deploy.exitValue(), output);
      assertEquals("COMPLETED", client.swarm(SWARM).status().run());
      List<String> end = journal.lines();
      assertTrue(entries(end, "swarm-ended").size() == 1, "one end: " + end);
      // No node was cut: every agent met each restarted conductor, none was declared lost, nothing ended
      // otherwise than SUCCEEDED (a lost node's ALL instance would silently leave a fan-in short).
      assertEquals(List.of(), entries(end, "node-lost").stream().map(JsonNode::toString).toList(), "no node lost");
      assertEquals(List.of(), entries(end, "instance-ended").stream()
          .filter(e -> !e.path("state").asText().equals("SUCCEEDED")).map(JsonNode::toString).toList(),
          "every instance succeeded");

      Path nodes = work.resolve("local-nodes");
      for (String n : List.of("node-1", "node-2", "node-3")) {
        Files.createDirectories(nodes.resolve(n));
      }
      Build local = maven.run(project, "manta:run", "-Dmanta.globals=" + globals, "-Dmanta.nodesDirectory=" + nodes,
          "-Dmanta.outputDirectory=" + project.resolve("target/local"));
      assertEquals(0, local.exitCode(), local.output());
      Path here = project.resolve("target/local/" + SWARM);
      Path cluster = project.resolve("target/manta/" + SWARM);
      assertEquals(5, Json.mapper().readTree(cluster.resolve("globals.json").toFile()).path("count").asInt());
      for (String name : List.of("globals.json", "results.json")) {
        assertEquals(Json.mapper().readTree(here.resolve(name).toFile()),
            Json.mapper().readTree(cluster.resolve(name).toFile()), name);
      }
    } finally {
      if (deploy.isAlive()) {
        deploy.destroyForcibly();
      }
      keep("conductor-kill", journal, log);
      undeploy();
    }
  }

  private static Build clusterScript(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(OfflineMaven.property("manta.root"), "scripts", "cluster").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scripts/cluster " + String.join(" ", args));
    return new Build(p.exitValue(), out);
  }

  private static void awaitAllNodesReady() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "";
    while (System.nanoTime() < end) {
      last = TestCluster.docker("node", "ls", "--format", "{{.Hostname}} {{.Status}}").output();
      if (last.lines().filter(l -> l.endsWith(" Ready")).count() == 3) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the nodes are not all Ready again after 120 s: " + last);
  }

  @Test
  @Order(2)
  void aNodeCutWhileItRunsTheAnyTaskIsLostTheTaskMovesAndTheNodeWritesNothingWhenItComesBack() throws Exception {
    // The default lease (10 s): a shorter one on 2 loaded cores also lost nodes whose link was not cut.
    Duration lease = Duration.ofSeconds(10);
    Path log = work.resolve("cut-deploy.log");
    // counter sleeps 15 × 2 s: the cut node's try is still asleep when the node is lost (at most
    // 12.5 s after its last heartbeat) and when it comes back.
    Process deploy = deploy(log, "rounds=2,pause_ms=2000,counter_pauses=15", "-Dmanta.lease=" + lease);
    String cutNumber = null;
    Journal journal = null;
    try (MantaClient client = MantaClient.fromEnvironment()) {
      journal = new Journal(client);
      List<String> seen = journal.await("counter running in iteration 1", Duration.ofMinutes(5),
          l -> entries(l, "instance-running").stream().anyMatch(e -> e.path("id").asText().startsWith("1/counter/")));
      JsonNode running = entries(seen, "instance-running").stream()
          .filter(e -> e.path("id").asText().startsWith("1/counter/")).findFirst().orElseThrow();
      String lostId = running.path("id").asText();
      String node = entries(seen, "instance-assigned").stream().filter(e -> e.path("id").asText().equals(lostId))
          .findFirst().orElseThrow().path("node").asText();
      String hostname = client.nodes().stream().filter(n -> n.id().equals(node)).map(ClusterNode::hostname)
          .findFirst().orElseThrow();
      assertTrue(hostname.startsWith("mnode"), "the counter runs on a node that can be cut: " + hostname);
      cutNumber = hostname.substring("mnode".length());

      long cut = System.nanoTime();
      Build cutting = clusterScript("cut", cutNumber);
      assertEquals(0, cutting.exitCode(), cutting.output());
      List<String> lost = journal.await("node " + node + " lost", Duration.ofMinutes(2),
          l -> entries(l, "node-lost").stream().anyMatch(e -> e.path("node").asText().equals(node)));
      long noticed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
      List<String> moved = journal.await("counter of iteration 1 assigned to another node", Duration.ofMinutes(1),
          l -> entries(l, "instance-assigned").stream().anyMatch(e -> e.path("alias").asText().equals("counter")
              && e.path("iteration").asInt() == 1 && !e.path("node").asText().equals(node)));
      Build healing = clusterScript("heal", cutNumber);
      assertEquals(0, healing.exitCode(), healing.output());
      cutNumber = null;
      awaitAllNodesReady();
      System.out.printf("[cluster-cut] %s (%s) cut while running %s; node-lost journaled %d ms after the cut"
          + " (lease %d ms, documented bound 1.25 x lease = %d ms after the last heartbeat)%n", node, hostname,
          lostId, noticed, lease.toMillis(), lease.toMillis() * 5 / 4);

      assertTrue(deploy.waitFor(8, TimeUnit.MINUTES), "deploy with follow ended");
      String output = Files.readString(log);
      assertEquals(0, deploy.exitValue(), output);
      assertEquals("COMPLETED", client.swarm(SWARM).status().run());
      List<String> end = journal.lines();
      int lostAt = lost.size() - 1;
      while (!end.get(lostAt).contains("\"node-lost\"")) {
        lostAt--;
      }
      // The lost try ended LOST; after the loss, nothing came from it or from the lost node.
      assertTrue(entries(end, "instance-ended").stream().anyMatch(e -> e.path("id").asText().equals(lostId)
          && e.path("state").asText().equals("LOST")), "the cut node's try ended LOST");
      List<String> after = end.subList(lostAt + 1, end.size());
      for (String line : after) {
        JsonNode e = entry(line);
        // the node may register again once healed (a new session, new work); its old try may not write
        assertNotEquals(lostId, e.path("by").asText(), "a stale write of the lost try: " + line);
        assertFalse(e.path("type").asText().equals("instance-ended") && e.path("id").asText().equals(lostId)
            && !e.path("state").asText().equals("LOST"), "the lost try ended again: " + line);
      }
      // The counter moved and succeeded; iteration 2's everywhere ran on the survivors (and the healed node if back).
      String movedId = entries(moved, "instance-assigned").stream().filter(e -> e.path("alias").asText()
          .equals("counter") && e.path("iteration").asInt() == 1 && !e.path("node").asText().equals(node))
          .findFirst().orElseThrow().path("id").asText();
      assertTrue(entries(end, "instance-ended").stream().anyMatch(e -> e.path("id").asText().equals(movedId)
          && e.path("state").asText().equals("SUCCEEDED")), movedId + " succeeded");
      long survivors = entries(end, "instance-ended").stream().filter(e -> e.path("id").asText()
          .startsWith("2/everywhere/") && e.path("state").asText().equals("SUCCEEDED")).count();
      assertTrue(survivors >= 2, "iteration 2's ALL task ran at least on the two nodes left: " + survivors);
      JsonNode globals = Json.mapper().readTree(project.resolve("target/manta/" + SWARM + "/globals.json").toFile());
      assertEquals(2, globals.path("count").asInt(), globals.toString());
      // Once healed, Swarm may replace the node's agent containers (their tasks were orphaned during
      // the cut): an old agent's lease then runs out and the node is journaled lost once more (seen in
      // CI). Any other node lost is a failure.
      assertEquals(Set.of(node), entries(end, "node-lost").stream().map(e -> e.path("node").asText())
          .collect(java.util.stream.Collectors.toSet()), "only the cut node was lost");
    } finally {
      if (cutNumber != null) {
        clusterScript("heal", cutNumber);
        awaitAllNodesReady();
      }
      if (deploy.isAlive()) {
        deploy.destroyForcibly();
      }
      keep("node-cut", journal, log);
      undeploy();
    }
  }
}
