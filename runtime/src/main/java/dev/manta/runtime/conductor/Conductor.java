package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.Condition;
import dev.manta.Method;
import dev.manta.graph.Edge;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.InstanceReport;
import dev.manta.runtime.ProgressListener;
import dev.manta.runtime.RunReport;
import dev.manta.runtime.RunStatus;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.journal.RunIdentity;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Runs one swarm: walks the graph once per iteration in topological order, starts each task as
 * soon as its edge conditions hold, picks its nodes (see docs/runtime.md), offers instances to
 * agents through an {@link AgentTransport}, retries ANY tasks on other nodes, and owns the world
 * (globals, results, logs), journaling every committed change so a new conductor on the same
 * journal resumes where this one stopped. Every state change happens under this object's lock;
 * the conductor has no threads of its own.
 */
public final class Conductor implements ConductorEndpoint {
  private final SwarmGraph graph;
  private final Map<String, JsonNode> initialGlobals;
  private final Map<String, NodeSpec> nodes = new TreeMap<>();
  private final AgentTransport transport;
  private final Journal journal;
  private final RunIdentity identity;
  private final ProgressListener listener;
  private final List<String> order;
  private final WorldStore store = new WorldStore();
  private final CompletableFuture<RunReport> done = new CompletableFuture<>();
  private long seed;
  private boolean resumed;
  private boolean ended;
  private boolean running;
  private Map<String, TaskRun> runs = new LinkedHashMap<>();

  /** One task in the current iteration. */
  private static final class TaskRun {
    final TaskSpec spec;
    final ModuleSpec module;
    boolean started;
    boolean done;
    final List<WorldStore.Instance> instances = new ArrayList<>();
    final Set<String> tried = new HashSet<>();
    int attempts;
    /** With {@code fixed = true}: the nodes where the task succeeded in iteration 1 (computed once). */
    Set<String> pinned;

    TaskRun(TaskSpec spec, ModuleSpec module) {
      this.spec = spec;
      this.module = module;
    }
  }

  /**
   * @param graph a valid graph
   * @param globals the initial globals (constants and computed ones), ignored when resuming
   * @param nodes the nodes the swarm may run on
   * @param seed the seed of every node choice
   * @param transport how instances reach agents
   * @param journal where committed changes go, or {@code null} for none
   * @param listener follows the run
   */
  public Conductor(SwarmGraph graph, Map<String, JsonNode> globals, List<NodeSpec> nodes, long seed,
      AgentTransport transport, Journal journal, ProgressListener listener) {
    this(graph, globals, nodes, seed, transport, journal, listener, RunIdentity.of(graph, nodes, Map.of()));
  }

  /**
   * As above, with the run's identity, which the journal records and a resume must match (see
   * {@link RunIdentity}).
   */
  public Conductor(SwarmGraph graph, Map<String, JsonNode> globals, List<NodeSpec> nodes, long seed,
      AgentTransport transport, Journal journal, ProgressListener listener, RunIdentity identity) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.graph = Objects.requireNonNull(graph, "graph");
    this.initialGlobals = new TreeMap<>(globals);
    nodes.forEach(n -> this.nodes.put(n.id(), n));
    this.seed = seed;
    this.transport = Objects.requireNonNull(transport, "transport");
    this.journal = journal;
    this.listener = guarded(listener == null ? ProgressListener.NONE : listener);
    this.order = graph.topologicalOrder();
  }

  /** A listener whose exceptions are logged, so a broken listener cannot break the run. */
  private static ProgressListener guarded(ProgressListener l) {
    System.Logger log = System.getLogger(Conductor.class.getName());
    return new ProgressListener() {
      private void call(Runnable r) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.log(System.Logger.Level.WARNING, "progress listener failed: " + e, e);
        }
      }

      @Override
      public void iterationStarted(String swarm, int iteration) {
        call(() -> l.iterationStarted(swarm, iteration));
      }

      @Override
      public void taskStarted(String alias, int iteration, List<String> nodes) {
        call(() -> l.taskStarted(alias, iteration, nodes));
      }

      @Override
      public void instanceEnded(InstanceReport instance) {
        call(() -> l.instanceEnded(instance));
      }

      @Override
      public void iterationEnded(String swarm, int iteration) {
        call(() -> l.iterationEnded(swarm, iteration));
      }

      @Override
      public void swarmEnded(RunReport report) {
        call(() -> l.swarmEnded(report));
      }
    };
  }

  /** Runs (or resumes) the swarm to its end and returns the report; closes the transport. */
  public RunReport run() {
    synchronized (this) {
      if (running) {
        throw new IllegalStateException("a Conductor runs its swarm once; create a new one (on the same journal to"
            + " resume)");
      }
      running = true;
    }
    transport.start(this);
    try {
      synchronized (this) {
        begin();
      }
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while swarm '" + graph.name() + "' was running", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } finally {
      transport.close();
    }
  }

  // ---------------------------------------------------------------- lifecycle

  private void begin() {
    if (journal != null && journal.hasEntries()) {
      identity.requireResumable(journal.file(), journal.first().orElseThrow(), graph.name(), seed);
      journal.replay(store::apply);
      resumed = true;
      seed = store.seed;
      if (store.endStatus != null) {
        ended = true;
        done.complete(report());
        return;
      }
      if (store.iteration == 0) {
        startIteration(1);
      } else if (store.endedIterations.contains(store.iteration)) {
        afterIteration(store.iteration);
      } else {
        startIteration(store.iteration);
      }
      return;
    }
    commit(new JournalEntry.SwarmStarted(graph.name(), seed, initialGlobals, identity), true);
    startIteration(1);
  }

  private void startIteration(int iteration) {
    if (store.iteration < iteration) {
      commit(new JournalEntry.IterationStarted(iteration), true);
    }
    runs = new LinkedHashMap<>();
    for (String alias : order) {
      TaskSpec spec = graph.task(alias).orElseThrow();
      ModuleSpec module = graph.module(spec.module()).orElseThrow(() -> new IllegalStateException(
          "task '" + alias + "' names module '" + spec.module() + "', which the graph lacks; validate it first"));
      runs.put(alias, new TaskRun(spec, module));
    }
    listener.iterationStarted(graph.name(), iteration);
    advance();
  }

  /** Starts every task whose conditions hold; ends the iteration or the swarm when nothing is left. */
  private void advance() {
    boolean progressed = true;
    while (progressed && !ended && !store.stopRequested) {
      progressed = false;
      for (TaskRun run : runs.values()) {
        if (!run.started && ready(run)) {
          launch(run);
          progressed = true;
          if (ended) {
            return;
          }
        }
      }
    }
    if (ended) {
      return;
    }
    boolean inFlight = runs.values().stream()
        .anyMatch(r -> r.instances.stream().anyMatch(i -> !i.state.ended()));
    if (store.stopRequested) {
      if (!inFlight) {
        end(RunStatus.STOPPED, null);
      }
      return;
    }
    if (runs.values().stream().allMatch(r -> r.done)) {
      int iteration = store.iteration;
      commit(new JournalEntry.IterationEnded(iteration), true);
      listener.iterationEnded(graph.name(), iteration);
      afterIteration(iteration);
    } else if (!inFlight && runs.values().stream().noneMatch(r -> r.started && !r.done)) {
      end(RunStatus.FAILED, "swarm '" + graph.name() + "' cannot go on in iteration " + store.iteration
          + ": tasks " + runs.values().stream().filter(r -> !r.started).map(r -> r.spec.alias()).toList()
          + " wait for upstream tasks that will never end");
    }
  }

  private void afterIteration(int iteration) {
    if (store.stopRequested) {
      end(RunStatus.STOPPED, null);
    } else if (store.nextRequestedBy.containsKey(iteration)) {
      if (iteration >= graph.maxIterations()) {
        end(RunStatus.FAILED, "swarm '" + graph.name() + "' reached maxIterations (" + graph.maxIterations()
            + "): instance " + store.nextRequestedBy.get(iteration) + " asked for iteration " + (iteration + 1)
            + ". Raise maxIterations (@Swarm(maxIterations = ...) or maxIterations(...) in the DSL) or stop the loop"
            + " sooner with world().stopSwarm()");
      } else {
        startIteration(iteration + 1);
      }
    } else {
      end(RunStatus.COMPLETED, null);
    }
  }

  private void end(RunStatus status, String failure) {
    if (ended) {
      return;
    }
    for (WorldStore.Instance i : store.instances.values()) {
      if (i.state == InstanceState.ASSIGNED) {
        commit(new JournalEntry.InstanceEnded(i.id, InstanceState.CANCELLED, null), false);
      }
    }
    commit(new JournalEntry.SwarmEnded(status.name(), failure), true);
    ended = true;
    RunReport report = report();
    try {
      listener.swarmEnded(report);
    } finally {
      done.complete(report);
    }
  }

  private RunReport report() {
    RunStatus status = RunStatus.valueOf(store.endStatus);
    List<InstanceReport> instances = store.instances.values().stream().map(WorldStore.Instance::report).toList();
    return new RunReport(graph.name(), status, store.endFailure, store.iteration, store.globals, store.results,
        instances, resumed);
  }

  private void commit(JournalEntry entry, boolean force) {
    if (journal != null) {
      journal.append(entry, force);
    }
    store.apply(entry);
  }

  // ---------------------------------------------------------------- scheduling

  private boolean ready(TaskRun run) {
    for (Edge edge : run.spec.upstream()) {
      TaskRun up = runs.get(edge.from());
      if (up == null) {
        continue;
      }
      boolean holds = up.done
          || (edge.condition() == Condition.RESULT && store.hasResult(store.iteration, edge.from()));
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  private void launch(TaskRun run) {
    run.started = true;
    int iteration = store.iteration;
    List<WorldStore.Instance> recorded = store.instancesOf(iteration, run.spec.alias());
    List<String> planned = store.taskStarts.get(iteration + "/" + run.spec.alias());
    if (planned != null || !recorded.isEmpty()) {
      // Resuming: keep what ended, run again what was offered or running when the old conductor
      // died, and create the planned instances it had not recorded yet.
      Set<String> have = new HashSet<>();
      for (WorldStore.Instance i : recorded) {
        have.add(i.node);
        run.instances.add(i);
        run.tried.add(i.node);
        run.attempts = Math.max(run.attempts, i.attempt);
        if (!i.state.ended()) {
          i.state = InstanceState.ASSIGNED;
          transport.offer(assignment(i, run));
        }
      }
      List<String> nodesOfTask = new ArrayList<>(have);
      if (planned != null) {
        for (String node : planned) {
          if (!have.contains(node)) {
            newInstance(run, node);
            nodesOfTask.add(node);
          }
        }
      }
      listener.taskStarted(run.spec.alias(), iteration, nodesOfTask.stream().sorted().toList());
      settle(run);
      return;
    }
    Pick pick = pick(run);
    if (pick.error != null) {
      end(RunStatus.FAILED, pick.error);
      return;
    }
    commit(new JournalEntry.TaskStarted(iteration, run.spec.alias(), pick.nodes), false);
    for (String node : pick.nodes) {
      newInstance(run, node);
    }
    listener.taskStarted(run.spec.alias(), iteration, pick.nodes);
  }

  private void newInstance(TaskRun run, String node) {
    int attempt = run.spec.method() == Method.ANY ? ++run.attempts : 1;
    if (run.spec.method() != Method.ANY) {
      run.attempts = 1;
    }
    String id = store.iteration + "/" + run.spec.alias() + "/" + node;
    commit(new JournalEntry.InstanceAssigned(id, store.iteration, run.spec.alias(), node, attempt), false);
    WorldStore.Instance instance = store.instances.get(id);
    run.instances.add(instance);
    run.tried.add(node);
    transport.offer(assignment(instance, run));
  }

  private Assignment assignment(WorldStore.Instance i, TaskRun run) {
    return new Assignment(i.id, graph.name(), i.iteration, i.alias, run.module.name(), run.module.entryClass(),
        i.node, i.attempt);
  }

  /** Once every instance of {@code run} has ended: done, retry elsewhere (ANY), or fail the swarm. */
  private void settle(TaskRun run) {
    if (run.done || ended || run.instances.stream().anyMatch(i -> !i.state.ended())) {
      return;
    }
    if (run.instances.stream().anyMatch(i -> i.state == InstanceState.SUCCEEDED)) {
      run.done = true;
      return;
    }
    if (store.stopRequested) {
      return;
    }
    boolean exhausted = false;
    if (run.spec.method() == Method.ANY) {
      int cap = anyCap(run);
      if (cap < 0 || run.attempts < cap) {
        Pick next = pick(run);
        if (next.error == null) {
          newInstance(run, next.nodes.get(0));
          return;
        }
        exhausted = true;
      }
    }
    end(RunStatus.FAILED, failure(run, exhausted));
  }

  private String failure(TaskRun run, boolean exhausted) {
    StringBuilder out = new StringBuilder("task '").append(run.spec.alias()).append("' failed in iteration ")
        .append(store.iteration).append(" on every node it ran on (")
        .append(run.instances.stream().map(i -> i.node).collect(Collectors.joining(", "))).append("): ");
    out.append(run.instances.stream().filter(i -> i.state == InstanceState.FAILED)
        .map(i -> i.node + ": " + i.error).collect(Collectors.joining("; ")));
    if (run.spec.method() == Method.ANY) {
      int cap = anyCap(run);
      out.append(exhausted
          ? " — no other eligible node was left to try"
          : " — tried " + run.attempts + " node(s), the most its " + (run.spec.fraction() != null
              ? "fraction (" + run.spec.fraction() + " of the eligible nodes: " + cap + ")" : "maximum (" + cap + ")")
              + " allows");
    }
    return out.toString();
  }

  /**
   * How many nodes an ANY task may try: {@code ceil(fraction × eligible)} when a fraction is set,
   * else {@link TaskSpec#effectiveMaximum()} (-1: no cap).
   */
  private int anyCap(TaskRun run) {
    Double fraction = run.spec.fraction();
    if (fraction == null || fraction <= 0) {
      return run.spec.effectiveMaximum();
    }
    long eligible = nodes.values().stream().filter(n -> ineligible(run, n, false) == null).count();
    return (int) Math.max(1, Math.ceil(fraction * eligible));
  }

  private record Pick(List<String> nodes, String error) {}

  private Pick pick(TaskRun run) {
    TaskSpec spec = run.spec;
    int iteration = store.iteration;
    Map<String, String> rejected = new TreeMap<>();
    List<String> eligible = new ArrayList<>();
    for (NodeSpec node : nodes.values()) {
      String why = ineligible(run, node);
      if (why == null) {
        eligible.add(node.id());
      } else {
        rejected.put(node.id(), why);
      }
    }
    String task = "task '" + spec.alias() + "' (method " + spec.method() + ")";
    if (spec.method() == Method.FIXED) {
      List<String> chosen = new ArrayList<>();
      for (String id : spec.specifiedIds()) {
        if (!nodes.containsKey(id)) {
          return new Pick(List.of(), task + " needs node '" + id + "', which is not among this run's nodes ("
              + abbreviate(new ArrayList<>(nodes.keySet())) + "); add the node or fix specifiedIds");
        }
        String why = rejected.get(id);
        if (why == null) {
          chosen.add(id);
        } else if (!why.startsWith(NARROWED)) {
          return new Pick(List.of(), task + " needs node '" + id + "', which cannot run it in iteration " + iteration
              + ": " + why);
        }
      }
      if (chosen.isEmpty()) {
        return new Pick(List.of(), task + " has no node left to run on in iteration " + iteration + ": "
            + reasons(rejected));
      }
      return new Pick(chosen.stream().sorted().toList(), null);
    }
    if (eligible.isEmpty()) {
      String what = run.attempts > 0 ? " has no other eligible node to try in iteration " : " has no eligible node in iteration ";
      return new Pick(List.of(), task + what + iteration + ": " + reasons(rejected));
    }
    int count;
    if (spec.method() == Method.ANY) {
      count = 1;
    } else if (spec.fraction() != null && spec.fraction() > 0) {
      count = (int) Math.max(1, Math.min(eligible.size(), Math.ceil(spec.fraction() * eligible.size())));
    } else if (spec.maximum() != null && spec.maximum() > 0) {
      count = Math.min(spec.maximum(), eligible.size());
    } else {
      count = eligible.size();
    }
    if (count < eligible.size()) {
      Collections.shuffle(eligible, random(iteration, spec.alias(), run.attempts + 1));
      // Least-loaded first: fewest instances already placed on the node in this iteration (any
      // task); ties keep the seeded order. Ten ANY copies on ten nodes thus land on ten nodes.
      Map<String, Integer> load = placedThisIteration();
      eligible.sort(Comparator.comparingInt(id -> load.getOrDefault(id, 0)));
      eligible = new ArrayList<>(eligible.subList(0, count));
      Collections.sort(eligible);
    }
    return new Pick(List.copyOf(eligible), null);
  }

  /** Node → how many instances the current iteration has placed on it so far. */
  private Map<String, Integer> placedThisIteration() {
    Map<String, Integer> load = new HashMap<>();
    for (WorldStore.Instance i : store.instances.values()) {
      if (i.iteration == store.iteration) {
        load.merge(i.node, 1, Integer::sum);
      }
    }
    return load;
  }

  /** Reasons that only narrow a task's usual nodes for this iteration; FIXED skips such nodes silently. */
  private static final String NARROWED = "narrowed: ";

  private String ineligible(TaskRun run, NodeSpec node) {
    return ineligible(run, node, true);
  }

  private String ineligible(TaskRun run, NodeSpec node, boolean excludeTried) {
    TaskSpec spec = run.spec;
    int iteration = store.iteration;
    if (!transport.liveNodes().contains(node.id())) {
      return "not alive";
    }
    if (spec.exceptedIds().contains(node.id())) {
      return "listed in exceptedIds";
    }
    if (excludeTried && run.tried.contains(node.id())) {
      return "already tried in this iteration";
    }
    if (spec.method() != Method.FIXED && !spec.specifiedIds().isEmpty() && !spec.specifiedIds().contains(node.id())) {
      return "not in specifiedIds";
    }
    if (spec.gpu() && !node.gpu()) {
      return "has no GPU (the task asks for one)";
    }
    for (String dataset : run.module.datasets()) {
      if (!node.datasets().containsKey(dataset)) {
        return "lacks dataset '" + dataset + "'";
      }
    }
    Set<String> restricted = store.restrictions.getOrDefault(iteration - 1, Map.of()).get(spec.alias());
    if (restricted != null && !restricted.contains(node.id())) {
      return NARROWED + "not among the nodes scheduleNextIteration chose for iteration " + iteration;
    }
    if (spec.fixed() && iteration > 1) {
      if (run.pinned == null) {
        run.pinned = new HashSet<>();
        store.instancesOf(1, spec.alias()).stream().filter(i -> i.state == InstanceState.SUCCEEDED)
            .forEach(i -> run.pinned.add(i.node));
      }
      if (!run.pinned.contains(node.id())) {
        return NARROWED + "not one of the nodes it got in iteration 1 (fixed = true)";
      }
    }
    return null;
  }

  private static String reasons(Map<String, String> rejected) {
    Map<String, List<String>> byReason = new TreeMap<>();
    rejected.forEach((node, why) -> byReason.computeIfAbsent(why.replace(NARROWED, ""), k -> new ArrayList<>()).add(node));
    if (byReason.isEmpty()) {
      return "the run has no nodes";
    }
    return byReason.entrySet().stream().map(e -> abbreviate(e.getValue()) + ": " + e.getKey())
        .collect(Collectors.joining("; "));
  }

  private static String abbreviate(List<String> ids) {
    if (ids.size() <= 5) {
      return String.join(", ", ids);
    }
    return String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
  }

  private Random random(int iteration, String alias, int attempt) {
    long s = seed;
    s = s * 1_000_003L + iteration;
    s = s * 1_000_003L + alias.hashCode();
    s = s * 1_000_003L + attempt;
    return new Random(s);
  }

  // ---------------------------------------------------------------- agent messages

  @Override
  public synchronized Reply handle(AgentMessage message) {
    WorldStore.Instance instance = store.instances.get(message.instanceId());
    if (instance == null) {
      return Reply.refused("unknown task instance '" + message.instanceId() + "'");
    }
    try {
      if (message instanceof AgentMessage.Claim) {
        return claim(instance);
      }
      if (message instanceof AgentMessage.Ended e) {
        instanceEnded(instance, e);
        return Reply.OK;
      }
      if (ended) {
        return Reply.refused("swarm '" + graph.name() + "' has ended (" + store.endStatus + "); instance "
            + instance.id + " can no longer read or change it");
      }
      if (message instanceof AgentMessage.ReadGlobal r) {
        ObjectNode answer = Json.mapper().createObjectNode();
        JsonNode value = store.globals.get(r.name());
        answer.put("set", value != null);
        if (value != null) {
          answer.set("value", value);
        }
        return Reply.of(answer);
      }
      if (message instanceof AgentMessage.GlobalNames) {
        ArrayNode names = Json.mapper().createArrayNode();
        store.globals.keySet().forEach(names::add);
        return Reply.of(names);
      }
      if (message instanceof AgentMessage.SelectResults s) {
        int iteration = s.iteration() == 0 ? instance.iteration : s.iteration();
        ObjectNode byNode = Json.mapper().createObjectNode();
        store.results.getOrDefault(iteration, Map.of()).getOrDefault(s.tag(), Map.of()).forEach(byNode::set);
        return Reply.of(byNode);
      }
      if (message instanceof AgentMessage.Log l) {
        commit(new JournalEntry.LogLine(instance.id, l.level(), l.text()), false);
        return Reply.OK;
      }
      if (instance.state.ended()) {
        return Reply.refused("instance " + instance.id + " has already ended");
      }
      if (message instanceof AgentMessage.WriteGlobal w) {
        if (w.name() == null || w.name().isEmpty()) {
          return Reply.refused("a global needs a non-empty name");
        }
        commit(new JournalEntry.GlobalSet(w.name(), w.value(), instance.id), true);
        return Reply.OK;
      }
      if (message instanceof AgentMessage.AddResult a) {
        if (a.tag() == null || a.tag().isEmpty()) {
          return Reply.refused("a result needs a non-empty tag");
        }
        commit(new JournalEntry.ResultAdded(instance.iteration, a.tag(), instance.node, a.value(), instance.alias,
            instance.id), true);
        advance();
        return Reply.OK;
      }
      if (message instanceof AgentMessage.NextIteration n) {
        return nextIteration(instance, n);
      }
      if (message instanceof AgentMessage.Stop) {
        if (!store.stopRequested) {
          commit(new JournalEntry.StopRequested(instance.id), true);
        }
        return Reply.OK;
      }
      return Reply.refused("unsupported message " + message.getClass().getSimpleName());
    } catch (RuntimeException e) {
      end(RunStatus.FAILED, "conductor error while handling " + message.getClass().getSimpleName() + " of "
          + instance.id + ": " + e);
      throw e;
    }
  }

  private Reply claim(WorldStore.Instance instance) {
    if (instance.state != InstanceState.ASSIGNED) {
      return Reply.of(Json.mapper().getNodeFactory().booleanNode(false));
    }
    if (ended || store.stopRequested) {
      commit(new JournalEntry.InstanceEnded(instance.id, InstanceState.CANCELLED, null), false);
      if (!ended) {
        advance();
      }
      return Reply.of(Json.mapper().getNodeFactory().booleanNode(false));
    }
    commit(new JournalEntry.InstanceRunning(instance.id), false);
    return Reply.of(Json.mapper().getNodeFactory().booleanNode(true));
  }

  private void instanceEnded(WorldStore.Instance instance, AgentMessage.Ended e) {
    if (instance.state.ended() || ended) {
      return;
    }
    InstanceState state = e.succeeded() ? InstanceState.SUCCEEDED : InstanceState.FAILED;
    commit(new JournalEntry.InstanceEnded(instance.id, state, e.succeeded() ? null : e.error()), true);
    listener.instanceEnded(instance.report());
    TaskRun run = runs.get(instance.alias);
    if (run != null && instance.iteration == store.iteration) {
      settle(run);
    }
    if (!ended) {
      advance();
    }
  }

  private Reply nextIteration(WorldStore.Instance instance, AgentMessage.NextIteration n) {
    if (n.alias() == null || graph.task(n.alias()).isEmpty()) {
      return Reply.refused("scheduleNextIteration: unknown task '" + n.alias() + "'; tasks of swarm '" + graph.name()
          + "': " + String.join(", ", order));
    }
    for (String id : n.nodeIds()) {
      if (!nodes.containsKey(id)) {
        return Reply.refused("scheduleNextIteration: unknown node '" + id + "'; this run's nodes: "
            + abbreviate(new ArrayList<>(nodes.keySet())));
      }
    }
    commit(new JournalEntry.NextIterationRequested(instance.iteration, n.alias(), n.nodeIds(), instance.id), true);
    return Reply.OK;
  }
}
