package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.TaskBody;
import dev.manta.graph.Json;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.report.ReportFiles;
import dev.manta.runtime.report.RunReport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conductor process ({@link ConductorMain}) in a child JVM with three nodes' agents (one per
 * module, through the agent entry point) in this JVM, all over HTTP on loopback: it ends with the
 * same globals and results as a local run, and a conductor killed with SIGKILL mid-iteration and
 * started again on its journal folder ends the same way too.
 */
class ConductorMainTest {
  private static final String TOKEN = "conductor-main-test-token-42";
  private static final String NODES = "[{\"hostname\": \"host-1\", \"id\": \"node-1\"},"
      + " {\"hostname\": \"host-2\", \"id\": \"node-2\"}, {\"hostname\": \"host-3\", \"id\": \"node-3\"}]";
  private static final List<Class<? extends TaskBody>> MODULES = List.of(ClusterDemo.Mapper.class,
      ClusterDemo.Reducer.class);

  @TempDir
  Path dir;
  private final List<Process> children = new ArrayList<>();
  private final Map<String, Integer> agentExits = new ConcurrentHashMap<>();
  private final List<Thread> agents = new ArrayList<>();
  private int port;
  private String agentWait = "PT60S";
  private final Map<String, String> extraEnv = new LinkedHashMap<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    ClusterDemo.gate = null;
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    for (Thread t : agents) {
      t.join(TimeUnit.SECONDS.toMillis(30)); // they give up once no conductor answers for their wait
    }
  }

  private Map<String, String> conductorEnv() throws IOException {
    Path token = dir.resolve("token");
    if (!Files.exists(token)) {
      Files.writeString(token, TOKEN + "\n");
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ClusterLayout.ENV_SWARM, "cluster_demo");
    env.put(ClusterLayout.ENV_TOKEN_FILE, token.toString());
    env.put(ClusterLayout.ENV_NODES, NODES);
    env.put(ClusterLayout.ENV_GLOBALS, "{\"offset\": 7}");
    env.put(ClusterLayout.ENV_SEED, "5");
    env.put(ClusterLayout.ENV_LEASE, "PT2S");
    env.put(ClusterLayout.ENV_AGENT_WAIT, agentWait);
    env.put(ClusterLayout.ENV_JOURNAL_DIR, dir.resolve("journal").toString());
    env.put(ClusterLayout.ENV_MANIFEST_FILE, dir.resolve("no-manifest.json").toString());
    env.put(ClusterLayout.ENV_PORT, String.valueOf(port));
    env.putAll(extraEnv);
    return env;
  }

  private Process startConductor(String log) throws IOException {
    ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ClusterLayout.CONDUCTOR_MAIN);
    b.environment().putAll(conductorEnv());
    b.redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    Process p = b.start();
    children.add(p);
    return p;
  }

  /** One agent per node and module, each through the agent entry point with its container's environment. */
  private void startAgents() throws IOException {
    for (int n = 1; n <= 3; n++) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put(ClusterLayout.ENV_CONDUCTOR_URL, "http://127.0.0.1:" + port);
      env.put(ClusterLayout.ENV_TOKEN_FILE, conductorEnv().get(ClusterLayout.ENV_TOKEN_FILE));
      env.put(ClusterLayout.ENV_NODE_HOSTNAME, "host-" + n);
      env.put(ClusterLayout.ENV_NODES, NODES);
      env.put(ClusterLayout.ENV_AGENT_WAIT, "PT20S");
      for (Class<? extends TaskBody> module : MODULES) {
        String key = "host-" + n + " " + module.getSimpleName();
        Supplier<TaskBody> factory = () -> {
          try {
            return module.getConstructor().newInstance();
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        };
        Thread t = new Thread(() -> agentExits.put(key, ClusterAgentEntryPoint.run(module.getName(), factory, env)),
            "agent " + key);
        t.setDaemon(true);
        t.start();
        agents.add(t);
      }
    }
  }

  private ConductorClient client() {
    return new ConductorClient(URI.create("http://127.0.0.1:" + port), TOKEN);
  }

  /** Polls the status until {@code until} holds; the bound only guards against a hang. */
  private ClusterStatus await(Process conductor, String log, Predicate<ClusterStatus> until) throws Exception {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    ConductorClient client = client();
    String last = "(no answer)";
    while (System.nanoTime() < end) {
      if (!conductor.isAlive()) {
        fail("the conductor exited with " + conductor.exitValue() + ": " + Files.readString(dir.resolve(log)));
      }
      try {
        ClusterStatus s = client.status();
        last = s.toString();
        if (until.test(s)) {
          return s;
        }
      } catch (ConductorClient.ConductorException e) {
        last = e.getMessage(); // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("waited 3 minutes; last status: " + last + "\n" + Files.readString(dir.resolve(log)));
  }

  private RunReport localRun() {
    return LocalRun.builder("cluster_demo").globals(Map.of("offset", 7)).nodes(3).seed(5).build().run()
        .requireCompleted();
  }

  private JsonNode fetched(String name) throws IOException {
    return Json.mapper().readTree(client().file(name));
  }

  private void assertSameAsLocal(RunReport local) throws IOException {
    Path localDir = dir.resolve("local");
    ReportFiles.write(local, localDir);
    for (String name : List.of("globals.json", "results.json")) {
      assertEquals(Json.mapper().readTree(localDir.resolve(name).toFile()), fetched(name), name);
    }
  }

  private void awaitAgentsExit(int code) throws InterruptedException {
    for (Thread t : agents) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertEquals(6, agentExits.size(), agentExits.toString());
    agentExits.forEach((agent, exit) -> assertEquals(code, exit, agent));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRunThroughTheConductorProcessEndsLikeTheLocalRunAndItsFilesStatusAndLogsAreServed() throws Exception {
    port = freePort();
    Process conductor = startConductor("conductor.log");
    startAgents();
    ClusterStatus end = await(conductor, "conductor.log", ClusterStatus::ended);
    assertEquals("COMPLETED", end.status(), end.toString());
    assertEquals(3, end.iteration());
    assertEquals(Map.of("mapper", Map.of("node-1", "SUCCEEDED", "node-2", "SUCCEEDED", "node-3", "SUCCEEDED")),
        Map.of("mapper", end.tasks().get("mapper")));
    assertEquals(List.of(), end.failures());
    assertSameAsLocal(localRun());
    JsonNode report = fetched("report.json");
    assertEquals("COMPLETED", report.get("status").asText());
    assertTrue(new String(client().file("journal.jsonl"), java.nio.charset.StandardCharsets.UTF_8)
        .contains("swarm-ended"), "the journal is served");

    // The log holds progress and the tasks' own lines, numbered; a page after the last is empty and says it ended.
    LogPage page = client().logs(0, Duration.ZERO);
    List<String> lines = page.lines().stream().map(LogPage.Line::text).collect(Collectors.toList());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("[node-3] 3/mapper/node-3 INFO mapped 310")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.equals("iteration 3 ended")), lines.toString());
    LogPage after = client().logs(page.next(), Duration.ofSeconds(5));
    assertEquals(List.of(), after.lines());
    assertTrue(after.ended());

    awaitAgentsExit(0); // the conductor told them the run ended
    conductor.destroy(); // SIGTERM: the conductor stops serving and exits 0, the run having completed
    assertTrue(conductor.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, conductor.exitValue(), Files.readString(dir.resolve("conductor.log")));

    // Started again on the ended run's journal (its agents gone), a conductor waits for no agent
    // (the wait would outlast this test's bound) and serves the same files.
    agentWait = "PT10M";
    Process again = startConductor("again.log");
    ClusterStatus replayed = await(again, "again.log", ClusterStatus::ended);
    assertEquals("COMPLETED", replayed.status());
    assertEquals(List.of(), replayed.agents());
    assertSameAsLocal(localRun());
  }

  @Test
  void aConductorKilledMidIterationAndStartedAgainResumesAndEndsLikeAnUninterruptedRun() throws Exception {
    port = freePort();
    ClusterDemo.gate = new CountDownLatch(1);
    Process first = startConductor("first.log");
    startAgents();
    // Iteration 2, node-1 and node-2 mapped, node-3 waits at the gate: kill the conductor there.
    await(first, "first.log", s -> s.iteration() == 2 && "SUCCEEDED".equals(s.tasks().getOrDefault("mapper",
        Map.of()).get("node-1")) && "SUCCEEDED".equals(s.tasks().get("mapper").get("node-2")));
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    ConductorClient.ConductorException down = assertThrows(ConductorClient.ConductorException.class,
        () -> client().status());
    assertTrue(down.getMessage().startsWith("conductor not reachable at http://127.0.0.1:" + port), down.getMessage());

    Process second = startConductor("second.log");
    ClusterDemo.gate.countDown();
    ClusterStatus end = await(second, "second.log", ClusterStatus::ended);
    assertEquals("COMPLETED", end.status(), end.toString() + Files.readString(dir.resolve("second.log")));
    assertTrue(fetched("report.json").get("resumed").asBoolean(), "the second conductor resumed the journal");
    assertSameAsLocal(localRun());
    awaitAgentsExit(0); // they registered again with the new conductor and heard the run end
    second.destroy();
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue());
  }

  @Test
  void aWrongTokenIsRefusedWithAClearError() throws Exception {
    port = freePort();
    Process conductor = startConductor("conductor.log");
    ConductorClient wrong = new ConductorClient(URI.create("http://127.0.0.1:" + port), "not-the-token");
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    ConductorClient.ConductorException e;
    do {
      assertTrue(conductor.isAlive(), () -> "conductor exited: " + read("conductor.log"));
      e = assertThrows(ConductorClient.ConductorException.class, wrong::status);
      Thread.sleep(50);
    } while (e.status() != 401 && System.nanoTime() < end);
    assertEquals(401, e.status(), e.getMessage());
    assertTrue(e.getMessage().startsWith("wrong token: the conductor at http://127.0.0.1:" + port + "/ refused it"),
        e.getMessage());
    // Before the run ends the report files are not there yet: a clear 409.
    ConductorClient.ConductorException early = assertThrows(ConductorClient.ConductorException.class,
        () -> client().file("results.json"));
    assertEquals(409, early.status(), early.getMessage());
    assertTrue(early.getMessage().contains("results.json is written when the run ends; swarm 'cluster_demo' is"
        + " STARTING"), early.getMessage());
  }

  /** Waits (bounded) until {@code file} exists. */
  private static void awaitFile(Path file, Process conductor) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(file)) {
      assertTrue(conductor.isAlive(), "the conductor exited with " + (conductor.isAlive() ? "" : conductor.exitValue()));
      assertTrue(System.nanoTime() < end, "waited 2 minutes for " + file);
      Thread.sleep(20);
    }
  }

  @Test
  void agentsThatRegisterWhileTheConductorStillBuildsItsRunAreKeptAndGetTheirWork() throws Exception {
    port = freePort();
    Path gate = dir.resolve("build-gate");
    extraEnv.put(ClusterDemo.BUILD_GATE, gate.toString());
    Process conductor = startConductor("conductor.log");
    awaitFile(Path.of(gate + ".waiting"), conductor); // the conductor is building its run, and waits there
    startAgents();
    // It listens already: the status says it is starting, and every agent registers.
    ClusterStatus starting = await(conductor, "conductor.log", s -> s.agents().size() == 6);
    assertEquals("STARTING", starting.status(), starting.toString());
    assertTrue(Files.readString(dir.resolve("conductor.log")).contains("listening on port " + port),
        read("conductor.log"));
    // Longer than a lease (2 s): the agents renew theirs while the run is built, none is lost.
    Thread.sleep(3000);
    assertEquals(6, client().status().agents().size(), client().status().toString());
    assertFalse(Files.exists(dir.resolve("journal").resolve(ClusterLayout.JOURNAL_FILE)), "no run yet");

    Files.writeString(gate, "go\n");
    ClusterStatus end = await(conductor, "conductor.log", ClusterStatus::ended);
    assertEquals("COMPLETED", end.status(), end.toString() + read("conductor.log"));
    assertEquals(List.of(), end.lostNodes(), end.toString());
    assertSameAsLocal(localRun());
    awaitAgentsExit(0);
    List<String> lines = client().logs(0, Duration.ZERO).lines().stream().map(LogPage.Line::text).toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("conductor of swarm 'cluster_demo' ready after .*; waiting for 0"
        + " agent\\(s\\)")), lines.toString());
  }

  @Test
  void aRunThatCannotBeBuiltAfterListeningIsReportedInStatusAndLogsAndTheProcessExits1() throws Exception {
    // A manifest of another swarm: the conductor listens, then finds the images hold other code.
    port = freePort();
    Path gate = dir.resolve("build-gate");
    Path manifest = dir.resolve("manifest.json");
    Files.write(manifest, dev.manta.manifest.ManifestCodec.write(dev.manta.manifest.Manifest.of(
        dev.manta.runtime.SwarmCatalog.load().graph("definition_demo"))));
    extraEnv.put(ClusterDemo.BUILD_GATE, gate.toString());
    extraEnv.put(ClusterLayout.ENV_MANIFEST_FILE, manifest.toString());
    Process conductor = startConductor("conductor.log");
    awaitFile(Path.of(gate + ".waiting"), conductor);
    assertEquals("STARTING", await(conductor, "conductor.log", s -> true).status());
    Files.writeString(gate, "go\n");
    String expected = "the manifest deployed at " + manifest + " (swarm 'definition_demo') is not the graph of swarm"
        + " 'cluster_demo' in this image's class path";
    ClusterStatus failed = await(conductor, "conductor.log", ClusterStatus::ended);
    assertEquals("FAILED", failed.status(), failed.toString());
    assertTrue(failed.failure().startsWith("cannot start the conductor: " + expected), failed.failure());
    LogPage page = client().logs(0, Duration.ZERO);
    assertTrue(page.ended(), page.toString());
    assertTrue(page.lines().stream().anyMatch(l -> l.text().startsWith("cannot start the conductor: " + expected)),
        page.toString());
    assertTrue(conductor.waitFor(60, TimeUnit.SECONDS), "the conductor exits after a short while");
    assertEquals(1, conductor.exitValue());
    assertTrue(read("conductor.log").contains("[Manta] cannot start the conductor: " + expected), read("conductor.log"));

    // A swarm that is not on the class path: the same, without a gate.
    extraEnv.clear();
    extraEnv.put(ClusterLayout.ENV_SWARM, "no_such_swarm");
    Process missing = startConductor("missing.log");
    ClusterStatus none = await(missing, "missing.log", ClusterStatus::ended);
    assertEquals("FAILED", none.status(), none.toString());
    assertTrue(none.failure().startsWith("cannot start the conductor: unknown swarm 'no_such_swarm'"), none.failure());
    assertTrue(missing.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, missing.exitValue());
    assertTrue(read("missing.log").contains("[Manta] cannot start the conductor: unknown swarm 'no_such_swarm'"),
        read("missing.log"));
  }

  private String read(String log) {
    try {
      return Files.readString(dir.resolve(log));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
