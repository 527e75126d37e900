package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When an agent registers again, over real HTTP on loopback: a 410 about a session the agent no
 * longer holds does not make it register again, a conductor restart makes it register once (after a conductor restart its poll loop and its
 * heartbeat thread both meet the new conductor, and the heartbeat's answer can come after the loop
 * registered); the same agent process registering again because its first answer was lost gets a
 * session that takes over what was offered; another process claiming the node still gets 409.
 */
class ReRegistrationTest {
  private static final String MODULE = "com.acme.Task";
  private HttpAgentTransport transport;
  private final AtomicInteger joined = new AtomicInteger();
  private final List<String> lost = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService pool = Executors.newCachedThreadPool();
  /** Run on the transport's lease thread after each loss is recorded. */
  private volatile Runnable onLost = () -> { };

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.shutdown();
    }
    pool.shutdownNow();
  }

  private void listen(Duration lease) {
    listen(lease, 0);
  }

  private void listen(Duration lease, int port) {
    transport = HttpAgentTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        LoopbackCluster.TOKEN, lease);
    transport.start(new ConductorEndpoint() {
      @Override
      public Reply handle(String nodeId, AgentMessage message) {
        return Reply.OK;
      }

      @Override
      public void nodeJoined(String nodeId) {
        joined.incrementAndGet();
      }

      @Override
      public void nodeLost(String nodeId, String reason) {
        lost.add(nodeId + ": " + reason);
        onLost.run();
      }

      @Override
      public void offerFailed(Assignment assignment, String reason) { }
    });
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + transport.port() + "/");
  }

  private static Assignment assignment(long token) {
    return new Assignment("1/a/node-1", "s", 1, "a", "m", MODULE, "node-1", 1, token, 60_000);
  }

  private static void await(String what, BooleanSupplier until) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!until.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "not within 20 s: " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void aGoneAboutAnEarlierSessionDoesNotMakeTheAgentRegisterAgainButOneAboutItsOwnDoes() throws Exception {
    listen(Duration.ofSeconds(10));
    ClusterAgent agent = new ClusterAgent(new ClusterAgent.Config(base(), LoopbackCluster.TOKEN, NodeSpec.of("node-1"),
        "host", MODULE, Duration.ofSeconds(30)), new TaskFactories(Map.of(), getClass().getClassLoader()));
    Future<Integer> exit = pool.submit(agent::run);
    await("the agent registered", () -> joined.get() == 1 && agent.session() != null);
    String first = agent.session();

    // The answer to a heartbeat sent with the session the agent held before (here: any other one).
    agent.gone(new AgentClient.Gone("session 0123 is not (or no longer) registered: register again", "0123"));
    // Wake the agent's long poll with an item: an agent that went on polling acknowledges it; one that
    // went to register again (refused with 409 while its session is live) never polls that session again.
    transport.cancel(assignment(7));
    await("the agent acknowledged the item in its next poll", () -> transport.queued("node-1", MODULE) == 0);
    assertEquals(1, joined.get(), "the agent did not register again");
    assertEquals(first, agent.session());

    // The conductor restarts (a new transport on the same port, which knows no session): the agent
    // meets it with its poll and its heartbeat, gets 410 for the session it holds, registers once.
    int port = transport.port();
    transport.crash();
    listen(Duration.ofSeconds(10), port);
    // (the conductor hears the node joined before the agent reads the answer with its new session)
    await("the agent registered with the restarted conductor", () -> joined.get() == 2
        && !first.equals(agent.session()));
    transport.cancel(assignment(8));
    await("the agent polls its new session", () -> transport.queued("node-1", MODULE) == 0);
    assertEquals(2, joined.get(), "one registration with the restarted conductor");
    assertEquals(List.of(), lost, "the node was never lost");

    transport.close();
    assertEquals(0, exit.get(20, TimeUnit.SECONDS), "the agent exits 0 when the run ends");
  }

  @Test
  void theSameAgentRegisteringAgainBeforeItPolledGetsASessionThatTakesOverWhatWasOffered() throws Exception {
    listen(Duration.ofSeconds(30));
    AgentClient client = new AgentClient(base(), LoopbackCluster.TOKEN);
    AgentProtocol.Registration me = new AgentProtocol.Registration("node-1", MODULE, "host", List.of(), false,
        "agent-a");
    client.register(me);
    String lostAnswer = client.session(); // as if this answer never reached the agent
    transport.offer(assignment(11));
    transport.cancel(assignment(11));

    client.register(me); // the same process, same agent id: not a second agent
    assertNotEquals(lostAnswer, client.session());
    AgentProtocol.Items items = client.poll(0, Duration.ofSeconds(5));
    assertEquals(2, items.items().size(), items.toString());
    assertEquals(assignment(11), items.items().get(0).offer());
    assertEquals(11L, items.items().get(1).cancel());
    assertEquals(List.of(1L, 2L), items.items().stream().map(AgentProtocol.Item::seq).toList());
    assertEquals(2, joined.get());

    // Once the agent polled its session, the same id registering again is a second claim: 409.
    AgentClient.Busy again = assertThrows(AgentClient.Busy.class, () -> client.register(me));
    assertTrue(again.getMessage().contains("409"), again.getMessage());
    // And another process never takes over a live session, polled or not.
    AgentClient other = new AgentClient(base(), LoopbackCluster.TOKEN);
    AgentClient.Busy second = assertThrows(AgentClient.Busy.class, () -> other.register(new AgentProtocol.Registration(
        "node-1", MODULE, "other-host", List.of(), false, "agent-b")));
    assertTrue(second.getMessage().contains("already has an agent of module " + MODULE), second.getMessage());
    AgentClient legacy = new AgentClient(base(), LoopbackCluster.TOKEN);
    assertThrows(AgentClient.Busy.class, () -> legacy.register(new AgentProtocol.Registration("node-1", MODULE, "h",
        List.of(), false)));
  }

  @Test
  void aLostNodesOtherAgentsLoseTheirSessionsTooSoTheirLeasesCannotLoseTheNodeAgainAfterItJoinedAgain()
      throws Exception {
    Duration lease = Duration.ofSeconds(2);
    AgentProtocol.Registration ra = new AgentProtocol.Registration("node-1", MODULE, "host", List.of(), false, "a");
    List<String> rejoin = Collections.synchronizedList(new ArrayList<>());
    listen(lease);
    AgentClient first = new AgentClient(base(), LoopbackCluster.TOKEN);
    onLost = () -> {
      if (lost.size() == 1) {
        // The agent of module A comes back at once (before the lease of module B's agent runs out).
        try {
          first.register(ra);
          rejoin.add(first.session());
        } catch (Exception e) {
          rejoin.add("failed: " + e);
        }
      }
    };
    first.register(ra); // module A; no heartbeats: its lease runs out after 2 s
    Thread.sleep(1_500);
    AgentClient second = new AgentClient(base(), LoopbackCluster.TOKEN);
    second.register(new AgentProtocol.Registration("node-1", "com.acme.Other", "host", List.of(), false, "b"));
    await("node-1 lost when module A's lease ran out, and A registered again", () -> rejoin.size() == 1);
    assertFalse(rejoin.get(0).startsWith("failed"), rejoin.toString());
    assertTrue(transport.isLive("node-1"), "node-1 joined again with module A's agent");
    // Module B's agent shared the node's fate: its session ended with the loss (it registers again on 410).
    assertThrows(AgentClient.Gone.class, () -> second.heartbeat(Duration.ofSeconds(5)));
    long bLeaseOver = System.nanoTime() + lease.multipliedBy(2).toNanos();
    while (System.nanoTime() < bLeaseOver) {
      first.heartbeat(Duration.ofSeconds(5)); // module A's agent stays alive
      Thread.sleep(300);
    }
    assertEquals(1, lost.size(), "node-1 lost once: " + lost);
    assertTrue(transport.isLive("node-1"));
  }
}
