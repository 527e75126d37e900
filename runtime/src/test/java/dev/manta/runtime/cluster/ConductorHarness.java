package dev.manta.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.TaskBody;
import dev.manta.graph.Json;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link ConductorMain} in a child JVM on loopback running swarm {@code fault_demo} on three
 * nodes, with one agent per node and module (through the agent entry point) on threads of this
 * JVM; the journal folder is a temporary folder the test reads directly. Every wait is bounded.
 */
final class ConductorHarness implements AutoCloseable {
  static final String TOKEN = "fault-test-token-3141592653589793";
  static final String NODES = "[{\"hostname\": \"host-1\", \"id\": \"node-1\"},"
      + " {\"hostname\": \"host-2\", \"id\": \"node-2\"}, {\"hostname\": \"host-3\", \"id\": \"node-3\"}]";
  static final List<Class<? extends TaskBody>> MODULES = List.of(FaultDemo.Mapper.class, FaultDemo.Reducer.class);

  final Path dir;
  final int port;
  final Map<String, Object> globals;
  private final List<Process> children = new ArrayList<>();
  private final List<Thread> agents = new ArrayList<>();
  final Map<String, Integer> agentExits = new ConcurrentHashMap<>();

  ConductorHarness(Path dir, Map<String, Object> globals) throws IOException {
    this.dir = dir;
    this.globals = globals;
    this.port = freePort();
    Files.writeString(dir.resolve("token"), TOKEN + "\n");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Path journal() {
    return dir.resolve("journal").resolve(ClusterLayout.JOURNAL_FILE);
  }

  private final List<String> lines = new ArrayList<>();
  private long read;
  private byte[] partial = new byte[0];

  /**
   * The journal's complete lines now (none before it exists); reads only what was appended since the
   * last call, so polling a journal that holds large results stays cheap.
   */
  synchronized List<String> journalLines() {
    try {
      if (!Files.exists(journal())) {
        return List.of();
      }
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(journal().toFile(), "r")) {
        long length = f.length();
        if (length < read) {
          throw new IllegalStateException("the journal shrank from " + read + " to " + length + " bytes");
        }
        byte[] added = new byte[(int) (length - read)];
        f.seek(read);
        f.readFully(added);
        read = length;
        byte[] all = new byte[partial.length + added.length];
        System.arraycopy(partial, 0, all, 0, partial.length);
        System.arraycopy(added, 0, all, partial.length, added.length);
        int start = 0;
        for (int i = 0; i < all.length; i++) {
          if (all[i] == '\n') {
            lines.add(new String(all, start, i - start, StandardCharsets.UTF_8));
            start = i + 1;
          }
        }
        partial = java.util.Arrays.copyOfRange(all, start, all.length);
      }
      return List.copyOf(lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String type(String journalLine) {
    try {
      return Json.mapper().readTree(journalLine).path("type").asText();
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  Process startConductor(String log) throws IOException {
    return startConductor(log, Map.of());
  }

  Process startConductor(String log, Map<String, String> extraEnv) throws IOException {
    ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ClusterLayout.CONDUCTOR_MAIN);
    Map<String, String> env = b.environment();
    env.put(ClusterLayout.ENV_SWARM, "fault_demo");
    env.put(ClusterLayout.ENV_TOKEN_FILE, dir.resolve("token").toString());
    env.put(ClusterLayout.ENV_NODES, NODES);
    env.put(ClusterLayout.ENV_GLOBALS, Json.mapper().valueToTree(globals).toString());
    env.put(ClusterLayout.ENV_SEED, "11");
    env.put(ClusterLayout.ENV_LEASE, "PT2S");
    env.put(ClusterLayout.ENV_AGENT_WAIT, "PT60S");
    env.put(ClusterLayout.ENV_JOURNAL_DIR, dir.resolve("journal").toString());
    env.put(ClusterLayout.ENV_MANIFEST_FILE, dir.resolve("no-manifest.json").toString());
    env.put(ClusterLayout.ENV_PORT, String.valueOf(port));
    env.putAll(extraEnv);
    b.redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
    Process p = b.start();
    children.add(p);
    return p;
  }

  void startAgents() {
    for (int n = 1; n <= 3; n++) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put(ClusterLayout.ENV_CONDUCTOR_URL, "http://127.0.0.1:" + port);
      env.put(ClusterLayout.ENV_TOKEN_FILE, dir.resolve("token").toString());
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

  ConductorClient client() {
    return new ConductorClient(URI.create("http://127.0.0.1:" + port), TOKEN);
  }

  String read(String log) {
    try {
      return Files.readString(dir.resolve(log));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Polls the status until {@code until} holds, at most 3 minutes. */
  ClusterStatus awaitStatus(Process conductor, String log, Predicate<ClusterStatus> until) throws Exception {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    ConductorClient client = client();
    String last = "(no answer)";
    while (System.nanoTime() < end) {
      if (!conductor.isAlive()) {
        throw new AssertionError("the conductor exited with " + conductor.exitValue() + ": " + read(log));
      }
      try {
        ClusterStatus s = client.status();
        last = s.toString();
        if (until.test(s)) {
          return s;
        }
      } catch (ConductorClient.ConductorException e) {
        last = e.getMessage();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("waited 3 minutes; last status: " + last + "\n" + read(log));
  }

  /** Polls the journal file (every 2 ms, at most 3 minutes) until {@code until} holds for its lines. */
  List<String> awaitJournal(String what, Predicate<List<String>> until) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < end) {
      List<String> lines = journalLines();
      if (until.test(lines)) {
        return lines;
      }
      Thread.sleep(2);
    }
    throw new AssertionError("waited 3 minutes for the journal to show " + what + "; it holds " + journalLines());
  }

  JsonNode fetched(String name) throws IOException {
    return Json.mapper().readTree(client().file(name));
  }

  /** The same swarm run uninterrupted in this JVM, its report files written to {@code local/}. */
  Path localRun() throws IOException {
    Path local = dir.resolve("local");
    ReportFiles.write(LocalRun.builder("fault_demo").globals(globals).nodes(3).seed(11).build().run()
        .requireCompleted(), local);
    return local;
  }

  /** Waits (bounded) for every agent thread; they end once the conductor says the run ended or stays away. */
  void awaitAgents() throws InterruptedException {
    for (Thread t : agents) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    for (Thread t : agents) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
