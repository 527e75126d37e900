package dev.manta.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.TaskBody;
import dev.manta.dsl.SwarmDefinition;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalException;
import dev.manta.runtime.journal.RunIdentity;
import dev.manta.runtime.local.Faults;
import dev.manta.runtime.local.LocalTransport;
import dev.manta.runtime.node.NodeFit;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.spi.SwarmSource;
import dev.manta.validation.GraphValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a swarm in this JVM: one conductor and one logical agent per node and module, sharing a
 * bounded thread pool.
 *
 * <pre>{@code
 * RunReport report = LocalRun.builder(graph).nodes(4).seed(1).build().run();
 * }</pre>
 *
 * With {@link Builder#journal}, every committed change goes to that file, and a run started on a
 * journal an earlier run left resumes it.
 */
public final class LocalRun {
  private final SwarmGraph graph;
  private final Map<String, JsonNode> globals;
  private final List<NodeSpec> nodes;
  private final Path journal;
  private final boolean freshJournal;
  private final Map<String, JsonNode> launchGlobals;
  /** Made when first needed (a journal or another transport's conductor): it hashes every node. */
  private RunIdentity identity;
  private final long seed;
  private final int parallelism;
  private final ProgressListener listener;
  private final TaskFactories factories;
  private final boolean jsonMessages;
  private final Conductor.Limits limits;
  private final Faults faults;
  private final Duration lease;
  private final Consumer<RunReport> onExit;

  private LocalRun(Builder b, SwarmGraph graph, Map<String, JsonNode> globals, List<NodeSpec> nodes,
      Map<String, JsonNode> launchGlobals) {
    this.graph = graph;
    this.globals = globals;
    this.nodes = nodes;
    this.journal = b.journal;
    this.freshJournal = b.freshJournal;
    this.launchGlobals = launchGlobals;
    this.seed = b.seed;
    this.parallelism = b.parallelism;
    this.listener = b.listener;
    this.factories = new TaskFactories(b.factories, b.loader);
    this.jsonMessages = b.jsonMessages;
    this.limits = new Conductor.Limits(b.taskTimeout, b.slowNotice, b.resultIterations, b.maxResultBytes);
    this.faults = b.faults;
    this.lease = b.lease;
    this.onExit = b.onExit;
  }

  /** A run of {@code graph}, whose computed globals must be passed with {@link Builder#globals}. */
  public static Builder builder(SwarmGraph graph) {
    return new Builder(Objects.requireNonNull(graph, "graph"), null);
  }

  /** A run of a generated swarm; its computed globals are evaluated once, at {@link Builder#build}. */
  public static Builder builder(SwarmSource source) {
    return new Builder(null, Objects.requireNonNull(source, "source"));
  }

  /** A run of a swarm written as a {@link SwarmDefinition}. */
  public static Builder builder(SwarmDefinition definition) {
    return builder(definition.prepareGraph());
  }

  /** A run of the swarm called {@code name} on the class path ({@link SwarmCatalog}). */
  public static Builder builder(String name) {
    return builder(SwarmCatalog.load().source(name));
  }

  /** The graph this run executes. */
  public SwarmGraph graph() {
    return graph;
  }

  /** The nodes this run uses. */
  public List<NodeSpec> nodes() {
    return nodes;
  }

  /**
   * Runs the swarm to its end (or resumes its journal) and returns the report. While it runs, a
   * task calling {@code System.exit} fails its instance and the run, and the JVM halts with status 1
   * after the exit handler ({@link Builder#onExit}) has seen the report.
   */
  public RunReport run() {
    LocalTransport transport = new LocalTransport(nodes, factories, parallelism, jsonMessages, faults, lease);
    if (journal == null) {
      // Without a journal nothing records or compares the identity: hashing 100,000 nodes is skipped.
      return run(new Conductor(graph, globals, nodes, seed, transport, null, listener, RunIdentity.none(), limits),
          transport);
    }
    Journal j = Journal.open(journal, freshJournal);
    RunReport report;
    try {
      report = run(new Conductor(graph, globals, nodes, seed, transport, j, listener, identity(), limits), transport);
    } catch (RuntimeException | Error e) {
      try {
        j.close();
      } catch (JournalException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    try {
      j.close();
    } catch (JournalException e) {
      if (report.status() != RunStatus.FAILED) {
        throw e; // what the run committed may not be on disk: say so rather than report success
      }
      // The run failed already, most likely on this journal (its failure names it): keep the report.
    }
    return report;
  }

  /**
   * A conductor for this run on another transport (the cluster's conductor process uses it): the
   * same graph, globals, nodes, seed, run identity and limits as {@link #run()}, so a run through
   * either transport ends with the same globals and results. The caller runs it, and owns and
   * closes {@code journal} (may be {@code null}).
   */
  public Conductor conductor(AgentTransport transport, Journal journal, ProgressListener progress) {
    return new Conductor(graph, globals, nodes, seed, transport, journal, progress, identity(), limits);
  }

  private synchronized RunIdentity identity() {
    if (identity == null) {
      identity = RunIdentity.of(graph, nodes, launchGlobals);
    }
    return identity;
  }

  private RunReport run(Conductor conductor, LocalTransport transport) {
    try (ExitGuard guard = new ExitGuard(conductor, transport, onExit)) {
      return conductor.run();
    }
  }

  /** Configures a {@link LocalRun}. */
  public static final class Builder {
    private final SwarmGraph graph;
    private final SwarmSource source;
    private List<NodeSpec> nodes;
    private final Map<String, Object> globals = new LinkedHashMap<>();
    private Path journal;
    private boolean freshJournal;
    private long seed;
    private int parallelism = 16;
    private ProgressListener listener = ProgressListener.NONE;
    private final Map<String, Supplier<? extends TaskBody>> factories = new LinkedHashMap<>();
    private ClassLoader loader;
    private boolean jsonMessages;
    private Duration taskTimeout = Conductor.Limits.DEFAULT.taskTimeout();
    private Duration slowNotice = Conductor.Limits.DEFAULT.slowNotice();
    private Faults faults = Faults.none();
    private Duration lease = LocalTransport.DEFAULT_LEASE;
    private int resultIterations = Conductor.Limits.DEFAULT.resultIterations();
    private int maxResultBytes = Conductor.Limits.DEFAULT.maxResultBytes();
    private Consumer<RunReport> onExit = ExitGuard::printReport;

    private Builder(SwarmGraph graph, SwarmSource source) {
      this.graph = graph;
      this.source = source;
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      this.loader = context != null ? context : LocalRun.class.getClassLoader();
    }

    /** Runs on these nodes. */
    public Builder nodes(NodeSpec... nodes) {
      return nodes(Arrays.asList(nodes));
    }

    public Builder nodes(List<NodeSpec> nodes) {
      this.nodes = Nodes.check(List.copyOf(nodes));
      return this;
    }

    /**
     * Runs on nodes whose datasets are on other machines (the cluster's conductor process): ids
     * must be unique, dataset paths are not checked here (they are paths on those machines).
     */
    public Builder remoteNodes(List<NodeSpec> nodes) {
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (NodeSpec n : nodes) {
        if (!ids.add(n.id())) {
          throw new dev.manta.runtime.node.NodeSpecException("node '" + n.id() + "' is declared twice; give every node "
              + "its own id");
        }
      }
      if (nodes.isEmpty()) {
        throw new dev.manta.runtime.node.NodeSpecException("a run needs at least 1 node");
      }
      this.nodes = List.copyOf(nodes);
      return this;
    }

    /** Runs on {@code count} identical nodes {@code node-1 … node-count} (the default is 1). */
    public Builder nodes(int count) {
      this.nodes = Nodes.count(count);
      return this;
    }

    /**
     * Runs on the nodes of a JSON or YAML nodes file (see {@link Nodes#read}), or, when
     * {@code nodes} is a folder, on one node per sub-folder (see {@link Nodes#fromDirectory}).
     */
    public Builder nodes(Path nodes) {
      this.nodes = java.nio.file.Files.isDirectory(nodes) ? Nodes.fromDirectory(nodes) : Nodes.read(nodes);
      return this;
    }

    /** Sets globals, overriding constants and computed globals of the same name. */
    public Builder globals(Map<String, ?> values) {
      this.globals.putAll(values);
      return this;
    }

    public Builder global(String name, Object value) {
      this.globals.put(name, value);
      return this;
    }

    /**
     * Journals to {@code file}; an existing journal of this run is resumed. The run holds the file
     * locked while it runs, and refuses a journal of a different run (graph, nodes, seed, launch
     * globals: see docs/runtime.md).
     */
    public Builder journal(Path file) {
      this.journal = file;
      this.freshJournal = false;
      return this;
    }

    /** Journals to {@code file}, discarding what it holds once the run has locked it: the run starts afresh. */
    public Builder newJournal(Path file) {
      this.journal = file;
      this.freshJournal = true;
      return this;
    }

    /** The seed of every node choice (default 0): the same seed gives the same choices. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How many instances run at once in this JVM (default 16). */
    public Builder parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, not " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Creates the task objects of modules whose class is {@code type} with {@code factory} instead of
     * the class's no-arg constructor (to pass collaborators, or to stand in for the class in tests).
     */
    public Builder task(Class<? extends TaskBody> type, Supplier<? extends TaskBody> factory) {
      factories.put(type.getName(), Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** Where task classes are looked up (default: the context class loader). */
    public Builder classLoader(ClassLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Passes every agent message through JSON, as a network transport would (slower; for tests). */
    public Builder jsonMessages(boolean enabled) {
      this.jsonMessages = enabled;
      return this;
    }

    /**
     * How long an instance of a task without its own {@code timeout} may run (default 1 hour); past
     * it the instance is interrupted and ends {@code TIMED_OUT}.
     */
    public Builder taskTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("taskTimeout must be positive, not " + timeout);
      }
      this.taskTimeout = timeout;
      return this;
    }

    /**
     * After how long a running instance is named to the listener
     * ({@link ProgressListener#instanceStillRunning}), and again every as long (default 1 minute).
     */
    public Builder slowNotice(Duration after) {
      if (after.isNegative() || after.isZero()) {
        throw new IllegalArgumentException("slowNotice must be positive, not " + after);
      }
      this.slowNotice = after;
      return this;
    }

    /**
     * How many iterations before the current one keep their results in memory (default 1); results
     * of older iterations are read back when a task selects them: from the journal, or, without
     * one, from a file of the run's own in {@code java.io.tmpdir}, deleted when the run ends.
     */
    public Builder resultIterations(int iterations) {
      if (iterations < 0) {
        throw new IllegalArgumentException("resultIterations must be 0 or more, not " + iterations);
      }
      this.resultIterations = iterations;
      return this;
    }

    /**
     * The largest result value, in bytes of JSON (default 256 MiB); a task adding a larger one gets
     * an {@code IllegalStateException} saying so.
     */
    public Builder maxResultBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxResultBytes must be at least 1, not " + bytes);
      }
      this.maxResultBytes = bytes;
      return this;
    }

    /** Faults to inject (lost or unresponsive nodes), for tests of the engine; default none. */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * How long a node's lease lasts without a heartbeat (default 5 s): a node whose agent died or
     * hangs is lost within 1.25 × this.
     */
    public Builder lease(Duration lease) {
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be positive, not " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * What sees the report when task code calls {@code System.exit} during the run, just before the
     * JVM halts with status 1 (default: the summary on standard error).
     */
    public Builder onExit(Consumer<RunReport> handler) {
      this.onExit = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Validates the graph and the globals.
     *
     * @throws dev.manta.validation.SwarmValidationException if the graph has errors
     * @throws IllegalArgumentException if a computed global has no value, a global is not JSON, or a
     *     global given with {@link #globals}/{@link #global} is not declared by the swarm or does not fit
     *     its declared type (every such problem in one message), or a task's labels or method
     *     {@code BEST_RESOURCES} fit no node of the run ({@link NodeFit})
     */
    public LocalRun build() {
      SwarmGraph g = graph != null ? graph : source.graph();
      GraphValidator.requireValid(g);
      Map<String, JsonNode> values = new TreeMap<>();
      for (GlobalSpec spec : g.globals()) {
        if (!spec.computed() && spec.value() != null) {
          values.put(spec.name(), spec.value());
        }
      }
      Map<String, Object> given = new LinkedHashMap<>();
      if (source != null) {
        given.putAll(source.computeGlobals());
      }
      given.putAll(globals);
      Map<String, JsonNode> launch = new TreeMap<>();
      given.forEach((name, value) -> {
        try {
          JsonNode tree = Json.toTree(value);
          values.put(name, tree);
          if (globals.containsKey(name)) {
            launch.put(name, tree);
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("global '" + name + "' of swarm '" + g.name() + "' cannot be written as"
              + " JSON: " + e.getMessage(), e);
        }
      });
      List<String> missing = new ArrayList<>();
      for (GlobalSpec spec : g.globals()) {
        if (spec.computed() && !values.containsKey(spec.name())) {
          missing.add(spec.name());
        }
      }
      List<String> problems = new ArrayList<>(LaunchGlobals.problems(g, launch, loader));
      if (!missing.isEmpty()) {
        problems.add(0, "swarm '" + g.name() + "' has computed globals without a value: "
            + String.join(", ", missing) + "; pass them with globals(...)");
      }
      if (problems.size() == 1) {
        throw new IllegalArgumentException(problems.get(0));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(problems.size() + " problems with the globals of swarm '" + g.name()
            + "':\n  - " + String.join("\n  - ", problems));
      }
      List<NodeSpec> runNodes = nodes != null ? nodes : Nodes.count(1);
      List<String> fit = NodeFit.problems(g, runNodes);
      if (!fit.isEmpty()) {
        throw new IllegalArgumentException(fit.size() == 1 ? fit.get(0) : fit.size() + " tasks of swarm '" + g.name()
            + "' fit no node of this run:\n  - " + String.join("\n  - ", fit));
      }
      return new LocalRun(this, g, values, runNodes, launch);
    }
  }
}
