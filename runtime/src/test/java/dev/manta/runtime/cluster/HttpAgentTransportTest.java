package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.graph.Json;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poll protocol over HTTP: items are re-sent until acknowledged, then never again; the end reaches pollers. */
class HttpAgentTransportTest {
  private HttpAgentTransport transport;
  private final List<String> failed = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.shutdown();
    }
  }

  private AgentClient agent() throws Exception {
    transport = HttpAgentTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        LoopbackCluster.TOKEN, Duration.ofSeconds(5));
    transport.start(new ConductorEndpoint() {
      @Override
      public Reply handle(String nodeId, AgentMessage message) {
        return Reply.OK;
      }

      @Override
      public void nodeLost(String nodeId, String reason) { }

      @Override
      public void offerFailed(Assignment assignment, String reason) {
        failed.add(assignment.instanceId() + ": " + reason);
      }
    });
    AgentClient client = new AgentClient(URI.create("http://127.0.0.1:" + transport.port() + "/"),
        LoopbackCluster.TOKEN);
    client.register(new AgentProtocol.Registration("node-1", "com.acme.Task", "host", List.of(), false));
    return client;
  }

  private static Assignment assignment(String id, long token) {
    return new Assignment(id, "s", 1, "a", "m", "com.acme.Task", "node-1", 1, token, 60_000);
  }

  @Test
  void anItemIsSentAgainUntilAcknowledgedAndNeverAfter() throws Exception {
    AgentClient client = agent();
    transport.offer(assignment("1/a/node-1", 11));
    AgentProtocol.Items first = client.poll(0, Duration.ofSeconds(5));
    assertEquals(1, first.items().size());
    assertEquals(1, first.items().get(0).seq());
    assertEquals(assignment("1/a/node-1", 11), first.items().get(0).offer());
    // The answer was "lost": the agent polls again with its old acknowledgement and gets it again.
    assertEquals(first.items(), client.poll(0, Duration.ofSeconds(5)).items());
    transport.cancel(assignment("1/a/node-1", 11));
    AgentProtocol.Items next = client.poll(1, Duration.ofSeconds(5));
    assertEquals(1, next.items().size());
    assertEquals(2, next.items().get(0).seq());
    assertEquals(11L, next.items().get(0).cancel());
    assertEquals(List.of(), client.poll(2, Duration.ZERO).items());
    // An offer to a module with no agent on the node is reported, not queued.
    transport.offer(new Assignment("1/b/node-1", "s", 1, "b", "other", "com.acme.Other", "node-1", 1, 12, 60_000));
    assertEquals(1, failed.size());
    assertTrue(failed.get(0).startsWith("1/b/node-1: no agent of module other (com.acme.Other) holds a lease on node"
        + " 'node-1'"), failed.toString());
  }

  @Test
  void anAgentRefusedItsNodeIdBecauseAnotherHoldsItGivesUpWithExit1AndSaysWhy() throws Exception {
    agent(); // node-1 / com.acme.Task holds a 5 s lease
    ClusterAgent second = new ClusterAgent(new ClusterAgent.Config(URI.create("http://127.0.0.1:" + transport.port()
        + "/"), LoopbackCluster.TOKEN, dev.manta.runtime.node.NodeSpec.of("node-1"), "other-host", "com.acme.Task",
        Duration.ofMillis(500)), new dev.manta.runtime.agent.TaskFactories(java.util.Map.of(),
        getClass().getClassLoader()));
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(out, true));
    int exit;
    try {
      exit = second.run();
    } finally {
      System.setErr(err);
    }
    assertEquals(1, exit);
    assertTrue(out.toString().contains("kept refusing this agent for 500 ms: conductor answered 409: node 'node-1' already"
        + " has an agent of module com.acme.Task with a live lease (host host)"), out.toString());
  }

  @Test
  void closingTheTransportEndsAWaitingPollWithTheEnd() throws Exception {
    AgentClient client = agent();
    Thread closer = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      transport.close();
    });
    closer.start();
    AgentProtocol.Items answer = client.poll(0, HttpAgentTransport.MAX_POLL); // returns on close, not after 20 s
    closer.join();
    assertTrue(answer.ended(), answer.toString());
    assertTrue(client.heartbeat(Duration.ofSeconds(5)).ended());
    // The message endpoint still answers after the end (the conductor refuses what comes late).
    Reply r = client.send(new AgentMessage.Log("1/a/node-1", 1, "INFO", "late"));
    assertTrue(r.ok(), r.toString());
    assertEquals("{}", Json.mapper().readTree(Messages.toJson(Reply.OK)).toString());
  }
}
