package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.Method;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.RawJson;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.journal.JournalException;
import dev.manta.runtime.journal.JournalWriter;
import dev.manta.runtime.journal.RunIdentity;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one swarm: walks the graph once per iteration in topological order, starts each task as
 * soon as its edge conditions hold, offers instances to agents through an {@link AgentTransport},
 * and owns the world (globals, results, logs), journaling every committed change so a new conductor
 * on the same journal resumes where this one stopped.
 *
 * <p>This class keeps the lock, the commits and the wiring; the decisions and the bookkeeping live
 * in small pieces: {@link Placement} (where instances go, a pure function of one snapshot),
 * {@link IterationFlow} (which task starts next, whether the iteration is done or stuck),
 * {@link Settlement} (done, retry or fail once an instance ends), {@link Recovery} (what a resumed
 * task runs again), {@link AgentChecks} (whether an agent's message may act), {@link WorldAnswers}
 * (agents' read requests), {@link ActiveInstances} (what is in flight, by node), {@link Deadlines}
 * (every instance's timeout and notice behind one timer) and {@link WorldStore} (the state the
 * journal rebuilds). Every state change happens under this object's lock; offers go to the
 * transport after the lock is released; journal writes happen on the {@link JournalWriter}'s thread
 * (an agent's call returns once the forced entries it caused are durable, after the lock is
 * released; a result is awaited by its instance's end instead, see {@link DurableEnds}), and
 * timeouts and held ends on the conductor's one timer thread.
 */
public final class Conductor implements ConductorEndpoint {
  /** How long an agent's call waits for its journal entries to be durable. */
  static final long DURABLE_SECONDS = 120;

  /**
   * The run-wide limits.
   *
   * @param taskTimeout how long an instance of a task without its own timeout may run
   * @param slowNotice after how long (and every how long) progress names an instance still running
   * @param maxResultBytes the largest result value, as JSON; a larger one is refused with a clear error
   */
  public record Limits(Duration taskTimeout, Duration slowNotice, int resultIterations, int maxResultBytes) {
    /**
     * One hour per instance; a notice after a minute; results of the current and the previous
     * iteration in memory; results up to 256 MiB of JSON.
     */
    public static final Limits DEFAULT = new Limits(Duration.ofHours(1), Duration.ofMinutes(1), 1, 256 << 20);

    /**
     * @param resultIterations how many iterations before the current one keep their results in
     *     memory (older ones are read back when selected: from the journal, or from a spill file
     *     of the run's own without one)
     */
    public Limits {
      if (resultIterations < 0) {
        throw new IllegalArgumentException("resultIterations must be 0 or more, not " + resultIterations);
      }
      if (maxResultBytes < 1) {
        throw new IllegalArgumentException("maxResultBytes must be at least 1, not " + maxResultBytes);
      }
      if (taskTimeout.isNegative() || taskTimeout.isZero()) {
        throw new IllegalArgumentException("taskTimeout must be positive, not " + taskTimeout);
      }
      if (slowNotice.isNegative() || slowNotice.isZero()) {
        throw new IllegalArgumentException("slowNotice must be positive, not " + slowNotice);
      }
    }
  }

  private final SwarmGraph graph;
  private final Map<String, JsonNode> initialGlobals;
  /** Every node by id, in id order (sorted once: a {@code TreeMap} of 100,000 nodes costs more to build). */
  private final Map<String, NodeSpec> nodes;
  private final AgentTransport transport;
  private final Journal journal;
  private final RunIdentity identity;
  private final Limits limits;
  private final ProgressListener listener;
  /** Whether anyone follows the run (else no report is built per event). */
  private final boolean listens;
  private final List<String> order;
  private final WorldStore store = new WorldStore();
  private final CompletableFuture<RunReport> done = new CompletableFuture<>();
  private final long epoch = (ThreadLocalRandom.current().nextLong() & 0x7fff_ffffL) << 32;
  private long tokens;
  private JournalWriter writer;
  private ScheduledThreadPoolExecutor timer;
  private final Deadlines deadlines = new Deadlines();
  /** When the timer wakes next ({@link System#nanoTime()}), valid while {@link #wakeup} is set. */
  private long wakeAt;
  private ScheduledFuture<?> wakeup;
  /** Offers made under the lock, sent by whoever releases it (see {@link #drainOffers}). */
  private final List<Assignment> outbox = new ArrayList<>();
  private CompletableFuture<Void> lastWrite;
  /** The journal write of the latest result: a read of results waits for it (see {@link DurableEnds}). */
  private CompletableFuture<Void> lastResultWrite;
  /** Ends held until the instance's results are durable; set with the journal writer. */
  private DurableEnds durableEnds;
  /** Forced entries queued so far: an agent's call waits only for those it caused. */
  private long forcedWrites;
  private long seed;
  private boolean resumed;
  private boolean ended;
  private boolean running;
  private IterationFlow flow = IterationFlow.none();
  /** Instances that have been offered and not ended. */
  private final ActiveInstances active;
  private final Set<String> lost = new HashSet<>();

  /** A conductor with {@link Limits#DEFAULT} and the identity of {@code graph} and {@code nodes}. */
  public Conductor(SwarmGraph graph, Map<String, JsonNode> globals, List<NodeSpec> nodes, long seed,
      AgentTransport transport, Journal journal, ProgressListener listener) {
    this(graph, globals, nodes, seed, transport, journal, listener, RunIdentity.of(graph, nodes, Map.of()),
        Limits.DEFAULT);
  }

  /**
   * @param graph a valid graph
   * @param globals the initial globals (constants and computed ones), ignored when resuming
   * @param nodes the nodes the swarm may run on
   * @param seed the seed of every node choice
   * @param transport how instances reach agents
   * @param journal where committed changes go, or {@code null} for none
   * @param listener follows the run
   * @param identity what identifies the run, which the journal records and a resume must match
   *     (see {@link RunIdentity})
   * @param limits the run-wide task timeout and slow-instance notice
   */
  public Conductor(SwarmGraph graph, Map<String, JsonNode> globals, List<NodeSpec> nodes, long seed,
      AgentTransport transport, Journal journal, ProgressListener listener, RunIdentity identity, Limits limits) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.graph = Objects.requireNonNull(graph, "graph");
    this.initialGlobals = new TreeMap<>(globals);
    this.nodes = new java.util.LinkedHashMap<>((int) Math.min(1 << 30, nodes.size() * 4L / 3 + 1));
    this.active = new ActiveInstances(nodes.size());
    List<NodeSpec> sorted = new ArrayList<>(nodes);
    sorted.sort(java.util.Comparator.comparing(NodeSpec::id));
    sorted.forEach(n -> this.nodes.put(n.id(), n));
    this.seed = seed;
    this.transport = Objects.requireNonNull(transport, "transport");
    this.journal = journal;
    this.listener = new GuardedListener(listener == null ? ProgressListener.NONE : listener);
    this.listens = listener != null && listener != ProgressListener.NONE;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.order = graph.topologicalOrder();
  }

  /** Runs (or resumes) the swarm to its end and returns the report; closes the transport. */
  public RunReport run() {
    synchronized (this) {
      if (running) {
        throw new IllegalStateException("a Conductor runs its swarm once; create a new one (on the same journal to"
            + " resume)");
      }
      running = true;
      timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "manta-conductor-timer");
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
      if (journal != null) {
        writer = new JournalWriter(journal, this::journalFailed);
        durableEnds = new DurableEnds(timer, this::endsDurable);
        store.results.spillTo(journal.file());
      } else {
        store.results.spillInto(Path.of(System.getProperty("java.io.tmpdir")));
      }
    }
    transport.start(this);
    try {
      List<Assignment> offers;
      synchronized (this) {
        begin();
        offers = drainOffers();
      }
      send(offers);
      return awaitEnd();
    } finally {
      transport.close();
      timer.shutdownNow();
      if (writer != null) {
        writer.close();
      }
      synchronized (this) {
        store.results.close();
      }
    }
  }

  /** Waits for the end; bounded by the task timeouts, the leases and the journal's own bounds. */
  private RunReport awaitEnd() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get(1, TimeUnit.HOURS);
        } catch (TimeoutException e) {
          // every instance has a timeout: the run moves on its own; keep waiting
        } catch (InterruptedException e) {
          interrupted = true;
          synchronized (this) {
            end(RunStatus.FAILED, "interrupted while swarm '" + graph.name() + "' was running");
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Ends the run {@code FAILED} at once because {@code instance} tried to end the JVM (the local
   * run's exit guard calls this from a shutdown hook); returns the report.
   */
  public RunReport failBecauseExit(String instanceId, String what) {
    synchronized (this) {
      WorldStore.Instance instance = instanceId == null ? null : store.instances.get(instanceId);
      if (instance != null && !instance.state.ended() && !ended) {
        endInstance(instance, InstanceState.FAILED, what + "; a task must not end the JVM: throw an exception"
            + " to fail the instance, or call world().stopSwarm()");
      }
      end(RunStatus.FAILED, (instance != null ? "instance " + instance.id + " " : "task code ") + what
          + "; the run was ended");
    }
    if (writer != null) {
      writer.close();
    }
    return done.getNow(null);
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
    store.results.evictBefore(iteration - limits.resultIterations());
    flow = IterationFlow.of(graph, order);
    listener.iterationStarted(graph.name(), iteration);
    advance();
  }

  /** Starts every task whose conditions hold; ends the iteration or the swarm when nothing is left. */
  private void advance() {
    TaskRun next;
    while (!ended && !store.stopRequested
        && (next = flow.nextReady(alias -> store.hasResult(store.iteration, alias))) != null) {
      launch(next);
    }
    if (ended) {
      return;
    }
    if (store.stopRequested) {
      if (active.count() == 0) {
        end(RunStatus.STOPPED, null);
      }
      return;
    }
    switch (flow.state(active.count())) {
      case DONE -> {
        int iteration = store.iteration;
        commit(new JournalEntry.IterationEnded(iteration), true);
        listener.iterationEnded(graph.name(), iteration);
        afterIteration(iteration);
      }
      case STUCK -> end(RunStatus.FAILED, flow.stuck(graph.name(), store.iteration));
      case RUNNING -> { }
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
    ended = true;
    for (WorldStore.Instance i : active.all()) {
      deadlines.cancel(i);
      if (i.state == InstanceState.ASSIGNED) {
        commit(new JournalEntry.InstanceEnded(i.id, InstanceState.CANCELLED, null), false);
      }
    }
    outbox.clear();
    commit(new JournalEntry.SwarmEnded(status.name(), failure), true);
    RunReport report = reportOrFail();
    if (report == null) {
      return;
    }
    try {
      listener.swarmEnded(report);
    } finally {
      done.complete(report);
    }
  }

  /**
   * The run's report; or, when it cannot be made (results of earlier iterations that cannot be read
   * back), {@code null} after handing the reason to {@link #run}'s caller, so that the end of the
   * run is never lost and nothing waits for it.
   */
  private RunReport reportOrFail() {
    try {
      return report();
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(new IllegalStateException("swarm '" + graph.name() + "' ended " + store.endStatus
          + ", but its report cannot be made: " + e.getMessage(), e));
      return null;
    }
  }

  private RunReport report() {
    RunStatus status = RunStatus.valueOf(store.endStatus);
    String failure = store.endFailure;
    if (lastWrite != null) {
      // Results of earlier iterations are read back from the file: let the writer catch up first.
      try {
        JournalWriter.await(lastWrite, DURABLE_SECONDS);
      } catch (JournalException e) {
        // The journal failed: the report carries what memory holds, and a run whose journal lost
        // its end never reports success.
        if (status != RunStatus.FAILED) {
          status = RunStatus.FAILED;
          failure = "the journal cannot be written: " + e.getMessage();
        }
      }
    }
    List<InstanceReport> instances = store.instances.values().stream().map(WorldStore.Instance::report).toList();
    Map<String, JsonNode> globals = new TreeMap<>();
    store.globals.forEach((name, value) -> globals.put(name, ResultValues.tree(value)));
    return new RunReport(graph.name(), status, failure, store.iteration, globals,
        store.results.forReport(), instances, resumed);
  }

  /** Applies {@code entry} and queues it for the journal; the agent's call awaits it after the lock. */
  private void commit(JournalEntry entry, boolean force) {
    store.apply(entry);
    if (writer != null) {
      lastWrite = writer.append(entry, force);
      if (force) {
        forcedWrites++;
      }
    }
  }

  private void journalFailed(RuntimeException e) {
    synchronized (this) {
      if (!ended) {
        store.endStatus = null;
        String why = "the journal cannot be written: " + e.getMessage();
        ended = true;
        store.apply(new JournalEntry.SwarmEnded(RunStatus.FAILED.name(), why));
        RunReport report = reportOrFail();
        if (report != null) {
          listener.swarmEnded(report);
          done.complete(report);
        }
      }
    }
  }

  // ---------------------------------------------------------------- scheduling

  private void launch(TaskRun run) {
    run.started = true;
    int iteration = store.iteration;
    Recovery.Plan plan = Recovery.plan(store.instancesOf(iteration, run.alias()),
        store.taskStarts.get(iteration + "/" + run.alias()));
    if (plan != null) {
      for (WorldStore.Instance i : store.instancesOf(iteration, run.alias())) {
        run.add(i);
      }
      for (WorldStore.Instance i : plan.toOffer()) {
        i.state = InstanceState.ASSIGNED;
        activate(i);
        offer(i, run);
      }
      for (String node : plan.toCreate()) {
        newInstance(run, node);
      }
      listener.taskStarted(run.alias(), iteration, plan.nodes());
      settle(run);
      return;
    }
    Placement.Pick pick = Placement.pick(snapshot(run));
    if (pick.error() != null) {
      end(RunStatus.FAILED, pick.error());
      return;
    }
    commit(new JournalEntry.TaskStarted(iteration, run.alias(), pick.nodes()), false);
    store.instances.expect(iteration, pick.nodes().size());
    List<WorldStore.Instance> created = new ArrayList<>();
    for (String node : pick.nodes()) {
      created.add(record(run, node));
    }
    listener.taskStarted(run.alias(), iteration, pick.nodes());
    created.forEach(i -> offer(i, run));
  }

  private Placement.Snapshot snapshot(TaskRun run) {
    TaskSpec spec = run.spec;
    int iteration = store.iteration;
    Set<String> live = transport.liveNodes();
    if (!lost.isEmpty()) {
      // Copied only when this conductor knows of lost nodes the transport may still list.
      live = new HashSet<>(live);
      live.removeAll(lost);
    }
    Set<String> restricted = store.restrictions.getOrDefault(iteration - 1, Map.of()).get(spec.alias());
    Set<String> pinned = null;
    if (spec.fixed() && iteration > 1) {
      if (run.pinned == null) {
        run.pinned = new HashSet<>();
        store.instancesOf(1, spec.alias()).stream().filter(i -> i.state == InstanceState.SUCCEEDED)
            .forEach(i -> run.pinned.add(i.node));
      }
      pinned = run.pinned;
    }
    return new Placement.Snapshot(spec, run.module, nodes, live, run.tried, restricted, pinned,
        store.load(iteration), seed, iteration, run.attempts + 1);
  }

  private void newInstance(TaskRun run, String node) {
    offer(record(run, node), run);
  }

  /** Journals a new instance of {@code run} on {@code node}; offer it once the listener knows. */
  private WorldStore.Instance record(TaskRun run, String node) {
    int attempt = run.spec.method() == Method.ANY ? run.attempts + 1 : 1;
    String id = store.iteration + "/" + run.alias() + "/" + node;
    commit(new JournalEntry.InstanceAssigned(id, store.iteration, run.alias(), node, attempt), false);
    WorldStore.Instance instance = store.instances.get(id);
    run.add(instance);
    activate(instance);
    return instance;
  }

  private void activate(WorldStore.Instance i) {
    active.add(i);
    TaskRun run = flow.get(i.alias);
    if (run.timeoutMillis == 0) {
      run.timeoutMillis = run.spec.timeoutDuration().orElse(limits.taskTimeout()).toMillis();
    }
    i.timeoutMillis = run.timeoutMillis;
  }

  private void offer(WorldStore.Instance i, TaskRun run) {
    if (ended || i.state.ended()) {
      return;
    }
    i.token = epoch | (++tokens & 0xffff_ffffL);
    if (lost.contains(i.node) || !transport.isLive(i.node)) {
      endInstance(i, InstanceState.LOST, "node '" + i.node + "' was lost before the instance could be offered");
      settle(run);
      return;
    }
    outbox.add(new Assignment(i.id, graph.name(), i.iteration, i.alias, run.module.name(),
        run.module.entryClass(), i.node, i.attempt, i.token, i.timeoutMillis));
  }

  /**
   * The offers made since the last call, to {@link #send} once the lock is released: a transport
   * may take its time to deliver, and no agent should wait on the lock for it. Call under the lock.
   */
  private List<Assignment> drainOffers() {
    if (outbox.isEmpty()) {
      return List.of();
    }
    List<Assignment> out = new ArrayList<>(outbox);
    outbox.clear();
    return out;
  }

  /** Offers {@code offers} to the transport; call without the lock. */
  private void send(List<Assignment> offers) {
    for (Assignment a : offers) {
      transport.offer(a);
    }
  }

  private Assignment assignment(WorldStore.Instance i) {
    TaskRun run = flow.get(i.alias);
    ModuleSpec module = run != null ? run.module : graph.module(graph.task(i.alias).orElseThrow().module()).orElseThrow();
    return new Assignment(i.id, graph.name(), i.iteration, i.alias, module.name(), module.entryClass(), i.node,
        i.attempt, i.token, i.timeoutMillis);
  }

  /** Ends {@code instance} with {@code state}: journaled, counted, the listener told. Settle after. */
  private void endInstance(WorldStore.Instance instance, InstanceState state, String error) {
    deadlines.cancel(instance);
    // Not forced: an end that did not reach the disk only makes a resumed run run the instance again,
    // and every later forced entry (a result, a global, the iteration's end) forces it too.
    commit(new JournalEntry.InstanceEnded(instance.id, state, error), false);
    if (active.remove(instance)) {
      TaskRun run = flow.get(instance.alias);
      if (run != null && instance.iteration == store.iteration) {
        run.ended(state);
      }
    }
    if (listens) {
      listener.instanceEnded(instance.report());
    }
  }

  /** Once an instance of {@code run} has ended: done, retry elsewhere (ANY), or fail the swarm. */
  private void settle(TaskRun run) {
    if (ended) {
      return;
    }
    int cap = run.spec.method() == Method.ANY ? Placement.anyCap(snapshot(run)) : -1;
    switch (Settlement.decide(run, cap, store.stopRequested)) {
      case DONE -> run.done = true;
      case WAIT -> { }
      case RETRY -> {
        Placement.Pick next = Placement.pick(snapshot(run));
        if (next.error() == null) {
          newInstance(run, next.nodes().get(0));
        } else {
          end(RunStatus.FAILED, Settlement.failure(run, store.iteration, cap, true));
        }
      }
      case FAIL -> end(RunStatus.FAILED, Settlement.failure(run, store.iteration, cap, false));
    }
  }

  // ---------------------------------------------------------------- timeouts

  /** Sets the next deadline of {@code i} (its timeout or its next notice) {@code delayMillis} from now. */
  private void arm(WorldStore.Instance i, long delayMillis) {
    long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, delayMillis));
    deadlines.arm(i, at);
    if (wakeup == null || at - wakeAt < 0) {
      wakeAt(at);
    }
  }

  /** Sets the one timer to fire at {@code at}, replacing an earlier setting. */
  private void wakeAt(long at) {
    if (wakeup != null) {
      wakeup.cancel(false);
    }
    wakeAt = at;
    wakeup = timer.schedule(this::wake, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** The timer fired: handles every deadline due, then sets the timer for the next one. */
  private void wake() {
    List<Assignment> offers;
    synchronized (this) {
      wakeup = null;
      if (ended) {
        return;
      }
      for (Deadlines.Entry due : deadlines.due(System.nanoTime())) {
        onDeadline(due.instance, due.token);
      }
      Long next = deadlines.earliest();
      if (next != null && !ended && (wakeup == null || next - wakeAt < 0)) {
        wakeAt(next);
      }
      offers = drainOffers();
    }
    send(offers);
  }

  private void onDeadline(WorldStore.Instance i, long token) {
    if (ended || i.token != token || i.state.ended()) {
      return;
    }
    long running = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - i.runningSince);
    if (running >= i.timeoutMillis) {
      String limit = dev.manta.graph.TaskTimeout.format(Duration.ofMillis(i.timeoutMillis));
      Assignment a = assignment(i);
      endInstance(i, InstanceState.TIMED_OUT, "ran longer than its timeout of " + limit
          + " and was interrupted; raise @Task(timeout = ...) or -Dmanta.taskTimeout if it needs longer");
      transport.cancel(a);
      TaskRun run = flow.get(i.alias);
      if (run != null) {
        settle(run);
      }
      advance();
      return;
    }
    listener.instanceStillRunning(i.report(), Duration.ofMillis(running));
    long notice = limits.slowNotice().toMillis();
    long nextNotice = (running / notice + 1) * notice;
    arm(i, Math.min(nextNotice, i.timeoutMillis) - running);
  }

  // ---------------------------------------------------------------- transport events

  @Override
  public synchronized void nodeJoined(String nodeId) {
    lost.remove(nodeId);
  }

  @Override
  public void nodeLost(String nodeId, String reason) {
    List<Assignment> offers;
    synchronized (this) {
      onNodeLost(nodeId, reason);
      offers = drainOffers();
    }
    send(offers);
  }

  private void onNodeLost(String nodeId, String reason) {
    if (ended || !nodes.containsKey(nodeId) || !lost.add(nodeId)) {
      return;
    }
    commit(new JournalEntry.NodeLost(nodeId, reason), false);
    listener.nodeLost(nodeId, reason);
    List<WorldStore.Instance> gone = active.on(nodeId);
    Set<TaskRun> touched = new LinkedHashSet<>();
    for (WorldStore.Instance i : gone) {
      Assignment a = assignment(i);
      endInstance(i, InstanceState.LOST, "node '" + nodeId + "' was lost: " + reason);
      transport.cancel(a);
      TaskRun run = flow.get(i.alias);
      if (run != null) {
        touched.add(run);
      }
    }
    touched.forEach(this::settle);
    advance();
  }

  @Override
  public void offerFailed(Assignment assignment, String reason) {
    List<Assignment> offers;
    synchronized (this) {
      onOfferFailed(assignment, reason);
      offers = drainOffers();
    }
    send(offers);
  }

  private void onOfferFailed(Assignment assignment, String reason) {
    WorldStore.Instance i = store.instances.get(assignment.instanceId());
    if (ended || i == null || i.token != assignment.token() || i.state.ended()) {
      return;
    }
    endInstance(i, InstanceState.LOST, "the offer to node '" + i.node + "' could not be delivered: " + reason);
    TaskRun run = flow.get(i.alias);
    if (run != null) {
      settle(run);
    }
    advance();
  }

  // ---------------------------------------------------------------- agent messages

  @Override
  public Reply handle(String nodeId, AgentMessage message) {
    Reply reply;
    CompletableFuture<Void> durable;
    List<Assignment> offers;
    byte[] prepared = null;
    if (message instanceof AgentMessage.AddResult a && a.value() != null && a.tag() != null
        && (journal != null || RawJson.sizeBound(a.value()) < 0 || RawJson.sizeBound(a.value()) > limits.maxResultBytes())) {
      // Written as JSON outside the lock, so a large result does not stall the other agents; only
      // when the text is needed (for the journal, or to know its size): a snapshot (RawJson) of a
      // primitive array or a scalar is kept as it is otherwise, and written only if it must be.
      prepared = ResultValues.bytes(a.value(), a.tag(), a.instanceId());
      if (prepared.length > limits.maxResultBytes()) {
        return Reply.refused("result '" + a.tag() + "' of instance " + a.instanceId() + " is " + prepared.length
            + " bytes of JSON, over the limit of " + limits.maxResultBytes() + " bytes; publish a smaller value (e.g. a"
            + " path to a file the next task reads) or split it under several tags");
      }
    }
    synchronized (this) {
      long before = forcedWrites;
      store.preparedValue = prepared;
      try {
        reply = handleLocked(nodeId, message);
      } finally {
        store.preparedValue = null;
      }
      // A call waits until the forced entries it caused (a global, a stop, a next iteration) are on
      // disk, and for nothing else: an unforced entry (a claim's "running", a log line) is not
      // promised durable, and a resume treats a lost one the same (an instance not ended runs
      // again). A small result is awaited by its instance's end instead (DurableEnds), and by any
      // read of results (an answer never carries a result a crash could still lose); a large one by
      // its add too (DurableEnds.AWAITED_BYTES). An agent reporting its end waits for nothing: see
      // endInstance.
      durable = forcedWrites != before && !(message instanceof AgentMessage.Ended)
          && (!(message instanceof AgentMessage.AddResult) || DurableEnds.awaitedByAdd(prepared)) ? lastWrite : null;
      if (message instanceof AgentMessage.SelectResults && lastResultWrite != null && !lastResultWrite.isDone()) {
        durable = lastResultWrite;
      }
      offers = drainOffers();
    }
    send(offers);
    if (durable != null) {
      try {
        JournalWriter.await(durable, DURABLE_SECONDS);
      } catch (JournalException e) {
        // The run ends on the journal's failure before the refused agent can fail its instance,
        // so the report names the cause, not the tasks it made fail.
        journalFailed(e);
        return Reply.refused("the conductor could not journal it: " + e.getMessage());
      }
    }
    return reply;
  }

  private Reply handleLocked(String nodeId, AgentMessage message) {
    WorldStore.Instance instance = store.instances.get(message.instanceId());
    String refusal = AgentChecks.sender(instance, nodeId, message);
    if (refusal != null) {
      return Reply.refused(refusal);
    }
    try {
      if (message instanceof AgentMessage.Claim) {
        return claim(instance);
      }
      if (message instanceof AgentMessage.Ended e) {
        CompletableFuture<Void> results = instance.resultsDurable;
        if (results != null && !results.isDone() && !instance.state.ended() && !ended) {
          durableEnds.hold(new DurableEnds.Held(instance, e, results));
        } else {
          endWithResults(instance, e, results);
        }
        return Reply.OK;
      }
      refusal = AgentChecks.live(instance, graph.name(), ended ? String.valueOf(store.endStatus) : null);
      if (refusal != null) {
        return Reply.refused(refusal);
      }
      Reply answer = WorldAnswers.answer(store, instance, message);
      if (answer != null) {
        return answer;
      }
      refusal = AgentChecks.content(message, graph, nodes.keySet());
      if (refusal != null) {
        return Reply.refused(refusal);
      }
      if (message instanceof AgentMessage.Log l) {
        commit(new JournalEntry.LogLine(instance.id, l.level(), l.text()), false);
        return Reply.OK;
      }
      if (message instanceof AgentMessage.WriteGlobal w) {
        commit(new JournalEntry.GlobalSet(w.name(), w.value(), instance.id), true);
        return Reply.OK;
      }
      if (message instanceof AgentMessage.AddResult a) {
        // The journal writes the bytes made above as they are (no second conversion, no tree); the
        // store keeps a snapshot's value without them (see ResultValues.put).
        JsonNode value = RawJson.isRaw(a.value()) ? a.value()
            : store.preparedValue != null ? RawJson.node(store.preparedValue)
            : a.value() == null ? Json.mapper().nullNode() : a.value();
        commit(new JournalEntry.ResultAdded(instance.iteration, a.tag(), instance.node, value, instance.alias,
            instance.id), true);
        if (writer != null) {
          instance.resultsDurable = lastWrite;
          lastResultWrite = lastWrite;
        }
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
      endInstance(instance, InstanceState.CANCELLED, null);
      if (!ended) {
        advance();
      }
      return Reply.of(Json.mapper().getNodeFactory().booleanNode(false));
    }
    commit(new JournalEntry.InstanceRunning(instance.id), false);
    instance.runningSince = System.nanoTime();
    arm(instance, Math.min(limits.slowNotice().toMillis(), instance.timeoutMillis));
    return Reply.of(Json.mapper().getNodeFactory().booleanNode(true));
  }

  /** Applies ends held by {@link DurableEnds} whose results are now durable (or whose journal failed). */
  private void endsDurable(List<DurableEnds.Held> batch) {
    List<Assignment> offers;
    synchronized (this) {
      for (DurableEnds.Held held : batch) {
        WorldStore.Instance instance = held.instance();
        if (instance.token != held.message().token()) {
          continue; // a later attempt of the instance holds it: this end is not its own
        }
        try {
          endWithResults(instance, held.message(), held.results());
        } catch (RuntimeException e) {
          end(RunStatus.FAILED, "conductor error while ending " + instance.id + ": " + e);
        }
      }
      offers = drainOffers();
    }
    send(offers);
  }

  /**
   * Ends {@code instance} as its agent said, once {@code results} (the write of its last result, or
   * {@code null}) has completed; if the journal failed to write them, the run fails naming the
   * journal (as a refused {@code add} did) and the instance does not count as succeeded.
   */
  private void endWithResults(WorldStore.Instance instance, AgentMessage.Ended e, CompletableFuture<Void> results) {
    RuntimeException lost = DurableEnds.failure(results);
    if (lost != null) {
      journalFailed(lost);
    }
    instanceEnded(instance, DurableEnds.effective(e, results));
  }

  private void instanceEnded(WorldStore.Instance instance, AgentMessage.Ended e) {
    if (instance.state.ended() || ended) {
      return;
    }
    endInstance(instance, e.succeeded() ? InstanceState.SUCCEEDED : InstanceState.FAILED,
        e.succeeded() ? null : e.error());
    TaskRun run = flow.get(instance.alias);
    if (run != null && instance.iteration == store.iteration) {
      settle(run);
    }
    if (!ended) {
      advance();
    }
  }

  private Reply nextIteration(WorldStore.Instance instance, AgentMessage.NextIteration n) {
    commit(new JournalEntry.NextIterationRequested(instance.iteration, n.alias(), n.nodeIds(), instance.id), true);
    return Reply.OK;
  }
}
