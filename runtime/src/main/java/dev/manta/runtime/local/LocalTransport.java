package dev.manta.runtime.local;

import dev.manta.runtime.agent.Agent;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Leases;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conductor and agents in one JVM. Agents are logical (one per node and module, created on first
 * use) and share a pool of {@code parallelism} threads, so thousands of nodes cost no thousands of
 * threads. With {@code jsonRoundTrip}, every message and reply is written to JSON and read back, as
 * a network transport would.
 *
 * <p>Every node holds a {@link Leases lease}, renewed by a heartbeat thread; a node whose agent
 * died or hangs ({@link Faults}) stops renewing and is reported lost once its lease runs out. A
 * {@link #cancel} interrupts the thread running the instance; when that thread does not come back
 * (a task ignoring interrupts), the pool gets one more thread in its place, so stuck tasks cannot
 * starve the others.
 */
public final class LocalTransport implements AgentTransport {
  /** The default lease: a silent node is lost within 1.25 × this. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

  private final Map<String, NodeSpec> nodes;
  private final List<String> nodeIds;
  private final TaskFactories factories;
  private final int parallelism;
  private final boolean jsonRoundTrip;
  private final Faults faults;
  private final Leases leases;
  /** Module → node → its agent (two lookups on cached string hashes; no key object per offer). */
  private final Map<String, Map<String, Agent>> agents = new ConcurrentHashMap<>();
  /** Nodes whose agent died or hangs: no heartbeat, no message. */
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  /** Attempt token → the thread running it. */
  private final Map<Long, Thread> running = new ConcurrentHashMap<>();
  private final Map<Thread, Assignment> byThread = new ConcurrentHashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger extraThreads = new AtomicInteger();
  private final Map<Integer, Set<String>> doomed = new ConcurrentHashMap<>();
  private volatile ConductorEndpoint conductor;
  private ThreadPoolExecutor pool;
  private ScheduledExecutorService heartbeat;

  public LocalTransport(List<NodeSpec> nodes, TaskFactories factories, int parallelism, boolean jsonRoundTrip) {
    this(nodes, factories, parallelism, jsonRoundTrip, Faults.none(), DEFAULT_LEASE);
  }

  /**
   * @param faults what to break, for tests
   * @param lease how long a lease lasts without a heartbeat
   */
  public LocalTransport(List<NodeSpec> nodes, TaskFactories factories, int parallelism, boolean jsonRoundTrip,
      Faults faults, Duration lease) {
    this.nodes = new LinkedHashMap<>(capacity(nodes.size()));
    nodes.forEach(n -> this.nodes.put(n.id(), n));
    this.nodeIds = List.copyOf(this.nodes.keySet());
    this.factories = Objects.requireNonNull(factories, "factories");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.parallelism = parallelism;
    this.jsonRoundTrip = jsonRoundTrip;
    this.faults = Objects.requireNonNull(faults, "faults");
    this.leases = new Leases(lease);
  }

  @Override
  public synchronized void start(ConductorEndpoint endpoint) {
    this.conductor = Objects.requireNonNull(endpoint, "endpoint");
    AtomicInteger count = new AtomicInteger();
    pool = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "manta-agent-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    leases.renewAll(nodeIds, System.nanoTime());
    heartbeat = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "manta-local-leases");
      t.setDaemon(true);
      return t;
    });
    long every = leases.checkEveryMillis();
    heartbeat.scheduleWithFixedDelay(this::heartbeatRound, every, every, TimeUnit.MILLISECONDS);
  }

  /** Healthy agents renew their leases; leases that ran out make their nodes lost. */
  private void heartbeatRound() {
    try {
      long now = System.nanoTime();
      List<String> healthy = new ArrayList<>(nodeIds.size());
      for (String id : nodeIds) {
        if (!silent.contains(id)) {
          healthy.add(id);
        }
      }
      leases.renewAll(healthy, now);
      for (String node : leases.expire(now)) {
        if (lost.add(node)) {
          conductor.nodeLost(node, "its lease (" + leases.duration().toMillis() + " ms) ran out without a heartbeat");
        }
      }
    } catch (RuntimeException e) {
      System.getLogger(LocalTransport.class.getName()).log(System.Logger.Level.WARNING, "lease check failed: " + e, e);
    }
  }

  @Override
  public Set<String> liveNodes() {
    if (lost.isEmpty()) {
      return nodes.keySet();
    }
    Set<String> live = new java.util.HashSet<>(nodes.keySet());
    live.removeAll(lost);
    return Collections.unmodifiableSet(live);
  }

  @Override
  public boolean isLive(String node) {
    return nodes.containsKey(node) && !lost.contains(node);
  }

  @Override
  public void offer(Assignment assignment) {
    ThreadPoolExecutor p = pool;
    if (p == null) {
      throw new IllegalStateException("LocalTransport is not started");
    }
    NodeSpec node = nodes.get(assignment.nodeId());
    if (node == null) {
      conductor.offerFailed(assignment, "no agent for node '" + assignment.nodeId() + "'");
      return;
    }
    Agent agent = agents.computeIfAbsent(assignment.module(), k -> new ConcurrentHashMap<>(capacity(nodes.size())))
        .computeIfAbsent(assignment.nodeId(), k -> new Agent(node, factories, m -> send(node.id(), m)));
    Assignment delivered = jsonRoundTrip
        ? Messages.fromJson(Messages.toJson(assignment), Assignment.class) : assignment;
    try {
      p.execute(() -> runOn(agent, delivered));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      conductor.offerFailed(assignment, "the local agent pool is shut down");
    }
  }

  /** A hash table's initial capacity for {@code size} entries (no rehash while it fills). */
  private static int capacity(int size) {
    return (int) Math.min(1 << 30, size * 4L / 3 + 1);
  }

  private void runOn(Agent agent, Assignment a) {
    if (silent.contains(a.nodeId())) {
      return; // a dead agent takes no work; its lease will run out
    }
    Thread self = Thread.currentThread();
    running.put(a.token(), self);
    byThread.put(self, a);
    try {
      agent.run(a);
    } finally {
      synchronized (self) {
        running.remove(a.token());
        byThread.remove(self);
        Thread.interrupted(); // a cancel aimed at this instance must not reach the next one
      }
    }
  }

  private Reply send(String node, AgentMessage message) {
    if (silent.contains(node)) {
      throw new IllegalStateException("node '" + node + "' lost its connection to the conductor");
    }
    if (message instanceof AgentMessage.Claim && !faults.isEmpty()) {
      Assignment a = byThread.get(Thread.currentThread());
      int iteration = a == null ? 0 : a.iteration();
      if (faults.hangs(node, iteration)) {
        silent.add(node);
        awaitClose();
        throw new IllegalStateException("node '" + node + "' hung (fault injection)");
      }
      if (!faults.isEmpty() && doomed.computeIfAbsent(iteration, i -> faults.doomed(nodeIds, i)).contains(node)) {
        // The claim goes through and the task starts; then the node dies under it.
        Reply reply = deliver(node, message);
        silent.add(node);
        return reply;
      }
    }
    return deliver(node, message);
  }

  private Reply deliver(String node, AgentMessage message) {
    if (!jsonRoundTrip) {
      return conductor.handle(node, message);
    }
    AgentMessage received = Messages.fromJson(Messages.toJson(message), AgentMessage.class);
    Reply reply = conductor.handle(node, received);
    return Messages.fromJson(Messages.toJson(reply), Reply.class);
  }

  private void awaitClose() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          closing.await();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
          if (closing.getCount() == 0) {
            return;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void cancel(Assignment assignment) {
    Thread t = running.get(assignment.token());
    if (t == null) {
      return;
    }
    synchronized (t) {
      if (running.get(assignment.token()) == t) {
        t.interrupt();
        // The thread may never come back: give the pool one more in its place while it is stuck.
        ThreadPoolExecutor p = pool;
        if (p != null && !p.isShutdown()) {
          int extra = extraThreads.incrementAndGet();
          p.setMaximumPoolSize(parallelism + extra);
          p.setCorePoolSize(parallelism + extra);
        }
      }
    }
  }

  /**
   * Kills the agent of {@code node} now (fault injection): it takes no more work, its messages
   * fail, and its heartbeats stop, so its lease runs out and the conductor hears it is lost.
   */
  public void kill(String node) {
    silent.add(node);
  }

  /** The instance {@code thread} is running, if it is one of this transport's agent threads. */
  public Optional<Assignment> runningOn(Thread thread) {
    return Optional.ofNullable(byThread.get(thread));
  }

  @Override
  public synchronized void close() {
    closing.countDown();
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
