package dev.manta.runtime.cluster;

import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.SwarmCatalog;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.ReportFiles;
import dev.manta.runtime.report.RunReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The conductor of a deployed swarm, in this process: reads the environment and serves the agent
 * endpoints and status, files and logs at once ({@link #ConductorProcess}); then builds the run
 * ({@link #prepare()}: the swarm's graph from the class path, checked against the deployed
 * manifest) while agents already register, waits (bounded) for the expected agents, runs the same
 * {@code Conductor} as a local run on the {@link HttpAgentTransport} with its journal in the journal
 * folder (resuming it when it exists), and writes the report files there.
 */
final class ConductorProcess implements AutoCloseable {
  private final ClusterEnv env;
  private final String swarm;
  private final Map<String, Object> globals;
  private final long seed;
  private volatile LocalRun run;
  private final List<ClusterEnv.Node> nodes;
  private final Path folder;
  private final Duration agentWait;
  private final long listeningSince = System.nanoTime();
  private final HttpEndpoints server;
  private final HttpAgentTransport transport;
  private final LogFeed log = new LogFeed();
  private final StatusBoard board;
  private volatile boolean filesReady;

  /**
   * Reads the settings and listens: agents may register, and status, logs and files answer (the
   * status is {@code STARTING}), before the run is built.
   *
   * @throws ClusterEnv.ConfigException on a missing or malformed setting
   */
  ConductorProcess(Map<String, String> environment) {
    env = new ClusterEnv(environment);
    swarm = env.required(ClusterLayout.ENV_SWARM, "the swarm's name");
    String token = env.token();
    nodes = env.nodes(Path.of(ClusterLayout.DATASETS_DIR));
    Duration lease = env.duration(ClusterLayout.ENV_LEASE, ClusterLayout.DEFAULT_LEASE);
    agentWait = env.duration(ClusterLayout.ENV_AGENT_WAIT, ClusterLayout.DEFAULT_AGENT_WAIT);
    folder = Path.of(env.optional(ClusterLayout.ENV_JOURNAL_DIR, ClusterLayout.JOURNAL_DIR));
    globals = env.globals();
    seed = env.seed();
    int port = env.port();
    board = new StatusBoard(swarm, log);
    server = new HttpEndpoints(new InetSocketAddress(port), token);
    transport = new HttpAgentTransport(server, lease, false);
    transport.onTaskLog(log::add);
    server.route("GET", ClusterLayout.STATUS_PATH, false, HttpEndpoints.SMALL_BODY, r -> HttpEndpoints.Response.json(
        board.snapshot(agents())));
    server.route("GET", ClusterLayout.LOGS_PATH, false, HttpEndpoints.SMALL_BODY, this::logs);
    server.route("GET", ClusterLayout.FILES_PATH, true, HttpEndpoints.SMALL_BODY, this::file);
    server.start(); // only now: every route answers from the first request on
    log.add("conductor of swarm '" + swarm + "' listening on port " + port() + "; building the run");
  }

  /**
   * Builds the run: the swarm's graph from the class path, checked against the manifest deployed
   * with it. Agents that registered meanwhile are kept (the transport holds their sessions and
   * leases; nothing is offered before {@link #run()}).
   *
   * @throws IllegalStateException if the swarm is not on the class path or its manifest differs
   * @throws RuntimeException whatever else building the graph throws (an unreadable manifest, …)
   */
  void prepare() {
    SwarmCatalog catalog = SwarmCatalog.load();
    LocalRun built = LocalRun.builder(catalog.source(swarm, globals)).globals(globals).seed(seed)
        .remoteNodes(nodes.stream().map(ClusterEnv.Node::spec).toList()).build();
    checkManifest(built.graph(), Path.of(env.optional(ClusterLayout.ENV_MANIFEST_FILE, ClusterLayout.MANIFEST_FILE)));
    run = built;
  }

  /**
   * The run could not be built ({@code problem}, from {@link #prepare()}): the status says
   * {@code FAILED} with it, and the log has it as its last line. The process keeps serving (until
   * it exits) so that status and logs can say why.
   */
  void failed(String problem) {
    log.add(problem);
    board.failed(problem);
  }

  int port() {
    return server.port();
  }

  String swarm() {
    return swarm;
  }

  private List<String> agents() {
    List<String> out = new ArrayList<>();
    for (AgentProtocol.Registration r : transport.agents()) {
      out.add(r.node() + " " + r.module() + " (" + r.hostname() + ")");
    }
    return out;
  }

  static void checkManifest(SwarmGraph graph, Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    Manifest deployed = ManifestCodec.read(file);
    String want = ManifestCodec.writeString(Manifest.of(deployed.toGraph()));
    String have = ManifestCodec.writeString(Manifest.of(graph));
    if (!want.equals(have)) {
      throw new IllegalStateException("the manifest deployed at " + file + " (swarm '" + deployed.swarm() + "') is not"
          + " the graph of swarm '" + graph.name() + "' in this image's class path: the images hold other code than"
          + " was deployed. Rebuild the images (mvn manta:build) and deploy again");
    }
  }

  /**
   * Whether {@code node} gets an agent of {@code module}: the rule manta:deploy places agents by
   * (it holds the module's datasets; it has a GPU when every task of the module needs one; it is
   * among the specifiedIds when every task of the module names some; not every task excepts it).
   */
  static boolean eligible(SwarmGraph graph, ModuleSpec module, NodeSpec node) {
    List<dev.manta.graph.TaskSpec> tasks = graph.tasks().stream().filter(t -> t.module().equals(module.name()))
        .toList();
    if (!node.datasets().keySet().containsAll(module.datasets())) {
      return false;
    }
    boolean gpu = tasks.isEmpty() ? module.gpu() : tasks.stream().allMatch(dev.manta.graph.TaskSpec::gpu);
    if (gpu && !node.gpu()) {
      return false;
    }
    if (!tasks.isEmpty() && tasks.stream().allMatch(t -> !t.specifiedIds().isEmpty())
        && tasks.stream().noneMatch(t -> t.specifiedIds().contains(node.id()))) {
      return false;
    }
    if (!tasks.isEmpty() && tasks.stream().noneMatch(t -> t.nodeLabels().stream().allMatch(l -> l.matches(node.labels())))) {
      return false;
    }
    return tasks.isEmpty() || !tasks.stream().allMatch(t -> t.exceptedIds().contains(node.id()));
  }

  /**
   * Waits for an agent of every module on every node that can run it, at most until the agent wait
   * has passed since the conductor began to listen (agents register while the run is built); not
   * at all when the journal holds a run that has ended (its agents have gone). After {@link #prepare()}.
   */
  void awaitAgents() throws InterruptedException {
    if (journalEnded()) {
      log.add("conductor of swarm '" + swarm + "' ready; the journal holds a run that has ended: no agent is needed");
      return;
    }
    List<String> missing = missingAgents();
    log.add(String.format(java.util.Locale.ROOT, "conductor of swarm '%s' ready after %.1f s; waiting for %d agent(s)",
        swarm, (System.nanoTime() - listeningSince) / 1e9, missing.size()));
    long end = listeningSince + agentWait.toNanos();
    while (!missing.isEmpty() && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(50);
      missing = missingAgents();
    }
    if (!missing.isEmpty()) {
      log.add("WARNING: after " + agentWait.toSeconds() + " s these agents have not registered: " + missing
          + "; the run starts without them (their nodes count as not alive)");
    }
  }

  private boolean journalEnded() {
    Path file = folder.resolve(ClusterLayout.JOURNAL_FILE);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    boolean[] ended = {false};
    Journal.read(file, e -> ended[0] |= e instanceof JournalEntry.SwarmEnded);
    return ended[0];
  }

  private LocalRun built() {
    LocalRun r = run;
    if (r == null) {
      throw new IllegalStateException("the run of swarm '" + swarm + "' is not built yet: call prepare() first");
    }
    return r;
  }

  private List<String> missingAgents() {
    List<String> missing = new ArrayList<>();
    SwarmGraph graph = built().graph();
    for (ModuleSpec m : graph.modules()) {
      for (ClusterEnv.Node n : nodes) {
        NodeSpec node = n.spec();
        if (eligible(graph, m, node) && !transport.hasAgent(node.id(), m.entryClass())) {
          missing.add(node.id() + "/" + m.name());
        }
      }
    }
    return missing;
  }

  /** Runs (or resumes) the swarm to its end and writes the report files; returns the report. */
  RunReport run() throws IOException {
    built();
    Files.createDirectories(folder);
    RunReport report;
    try (Journal journal = Journal.open(folder.resolve(ClusterLayout.JOURNAL_FILE))) {
      board.running();
      report = built().conductor(transport, journal, board).run();
    }
    ReportFiles.write(report, folder);
    filesReady = true;
    board.finished(report);
    return report;
  }

  private HttpEndpoints.Response logs(HttpEndpoints.Request r) throws InterruptedException {
    long after;
    long waitSeconds;
    try {
      after = Long.parseLong(r.param("after", "0"));
      waitSeconds = Long.parseLong(r.param("wait", "0"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("after and wait must be whole numbers: " + r.query());
    }
    long wait = Math.max(0, Math.min(waitSeconds, 30)) * 1000;
    return HttpEndpoints.Response.json(log.page(after, wait));
  }

  private HttpEndpoints.Response file(HttpEndpoints.Request r) throws IOException {
    String name = r.path().substring(ClusterLayout.FILES_PATH.length());
    if (!ClusterLayout.FILES.contains(name)) {
      throw new HttpEndpoints.HttpError(404, "no file '" + name + "'; the conductor serves " + ClusterLayout.FILES);
    }
    if (!name.equals(ClusterLayout.JOURNAL_FILE) && !filesReady) {
      throw new HttpEndpoints.HttpError(409, name + " is written when the run ends; swarm '" + swarm + "' is "
          + board.status());
    }
    Path file = folder.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new HttpEndpoints.HttpError(404, name + " does not exist yet in " + folder);
    }
    String type = name.endsWith(".jsonl") ? "application/x-ndjson" : "application/json";
    return new HttpEndpoints.Response(200, Files.readAllBytes(file), type);
  }

  /** Stops serving. */
  @Override
  public void close() {
    transport.close();
    server.close();
  }
}
