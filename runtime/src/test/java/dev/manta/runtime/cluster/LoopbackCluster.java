package dev.manta.runtime.cluster;

import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An {@link HttpAgentTransport} on loopback with one real {@link ClusterAgent} per node and module,
 * each on its own thread in this JVM, talking HTTP to it. Starting it waits (bounded) until every
 * agent has registered.
 */
final class LoopbackCluster implements AgentTransport {
  static final String TOKEN = "test-token-0123456789abcdef";

  final HttpAgentTransport http;
  final Map<String, ClusterAgent> agents = new LinkedHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  final Map<String, Integer> exitCodes = new java.util.concurrent.ConcurrentHashMap<>();

  LoopbackCluster(List<NodeSpec> nodes, List<String> modules, TaskFactories factories, Duration lease) {
    http = HttpAgentTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, lease);
    URI url = URI.create("http://127.0.0.1:" + http.port() + "/");
    for (NodeSpec node : nodes) {
      for (String module : modules) {
        agents.put(node.id() + " " + module, new ClusterAgent(new ClusterAgent.Config(url, TOKEN, node,
            "host-" + node.id(), module, Duration.ofSeconds(30)), factories));
      }
    }
  }

  /** Kills every agent of {@code node}. */
  void kill(String node) {
    agents.forEach((key, agent) -> {
      if (key.startsWith(node + " ")) {
        agent.die();
      }
    });
  }

  @Override
  public void start(ConductorEndpoint conductor) {
    http.start(conductor);
    agents.forEach((key, agent) -> {
      Thread t = new Thread(() -> exitCodes.put(key, agent.run()), "agent " + key);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    });
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (http.agents().size() < agents.size()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("agents did not register within 60 s: " + http.agents());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public Set<String> liveNodes() {
    return http.liveNodes();
  }

  @Override
  public boolean isLive(String node) {
    return http.isLive(node);
  }

  @Override
  public void offer(Assignment assignment) {
    http.offer(assignment);
  }

  @Override
  public void cancel(Assignment assignment) {
    http.cancel(assignment);
  }

  /** Closes the transport; live agents hear the run ended and exit; then the server stops. */
  @Override
  public void close() {
    http.close();
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.shutdown();
  }
}
