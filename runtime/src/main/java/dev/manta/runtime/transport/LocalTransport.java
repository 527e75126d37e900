package dev.manta.runtime.transport;

import dev.manta.runtime.agent.Agent;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Conductor and agents in one JVM. Agents are logical (one per node and module, created on first
 * use) and share a bounded pool of {@code parallelism} threads, so thousands of nodes cost no
 * thousands of threads. With {@code jsonRoundTrip}, every message and reply is written to JSON and
 * read back, as a network transport would.
 */
public final class LocalTransport implements AgentTransport {
  private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
  private final TaskFactories factories;
  private final int parallelism;
  private final boolean jsonRoundTrip;
  private final Map<String, Agent> agents = new ConcurrentHashMap<>();
  private volatile ConductorEndpoint conductor;
  private ExecutorService pool;

  public LocalTransport(List<NodeSpec> nodes, TaskFactories factories, int parallelism, boolean jsonRoundTrip) {
    nodes.forEach(n -> this.nodes.put(n.id(), n));
    this.factories = Objects.requireNonNull(factories, "factories");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.parallelism = parallelism;
    this.jsonRoundTrip = jsonRoundTrip;
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
  }

  @Override
  public Set<String> liveNodes() {
    return nodes.keySet();
  }

  @Override
  public void offer(Assignment assignment) {
    ExecutorService p = pool;
    if (p == null) {
      throw new IllegalStateException("LocalTransport is not started");
    }
    NodeSpec node = nodes.get(assignment.nodeId());
    if (node == null) {
      throw new IllegalArgumentException("no agent for node '" + assignment.nodeId() + "'");
    }
    Agent agent = agents.computeIfAbsent(assignment.nodeId() + "/" + assignment.module(),
        k -> new Agent(node, factories, this::send));
    Assignment delivered = jsonRoundTrip
        ? Messages.fromJson(Messages.toJson(assignment), Assignment.class) : assignment;
    p.execute(() -> agent.run(delivered));
  }

  private Reply send(AgentMessage message) {
    if (!jsonRoundTrip) {
      return conductor.handle(message);
    }
    AgentMessage received = Messages.fromJson(Messages.toJson(message), AgentMessage.class);
    Reply reply = conductor.handle(received);
    return Messages.fromJson(Messages.toJson(reply), Reply.class);
  }

  @Override
  public synchronized void close() {
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
