package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.testing.AgentTransportContract;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the HTTP transport refuses, over real HTTP on loopback, and that a refusal changes nothing. */
class HttpTransportSecurityTest {
  private static final String TOKEN = LoopbackCluster.TOKEN;

  static {
    HttpEndpoints.limitClientKeepAlive(); // as the agents' and ConductorClient's clients do
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private HttpAgentTransport transport;

  /** A conductor that records every call. */
  private final ConductorEndpoint recorder = new ConductorEndpoint() {
    @Override
    public Reply handle(String nodeId, AgentMessage message) {
      events.add("message " + nodeId + " " + message.instanceId());
      return Reply.OK;
    }

    @Override
    public void nodeJoined(String nodeId) {
      events.add("joined " + nodeId);
    }

    @Override
    public void nodeLost(String nodeId, String reason) {
      events.add("lost " + nodeId);
    }

    @Override
    public void offerFailed(Assignment assignment, String reason) {
      events.add("offer-failed " + assignment.instanceId());
    }
  };

  @AfterEach
  void stop() {
    if (transport != null) {
      transport.shutdown();
    }
  }

  private HttpAgentTransport listen(Duration lease) {
    transport = HttpAgentTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, lease);
    transport.start(recorder);
    return transport;
  }

  private HttpResponse<String> post(String path, String authorization, String session, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port() + path))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (session != null) {
      b.header(ClusterLayout.SESSION_HEADER, session);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String registration(String node, String module) {
    return Messages.toJson(new AgentProtocol.Registration(node, module, "host", List.of(), false));
  }

  private static String error(HttpResponse<String> r) throws Exception {
    JsonNode body = Json.mapper().readTree(r.body());
    assertTrue(body.hasNonNull("error"), r.body());
    return body.get("error").asText();
  }

  private String register(String node, String module) throws Exception {
    HttpResponse<String> r = post(ClusterLayout.AGENT_PATH + "register", "Bearer " + TOKEN, null,
        registration(node, module));
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body()).get("session").asText();
  }

  @Test
  void noTokenOrAWrongOneGets401AndChangesNothing() throws Exception {
    listen(Duration.ofSeconds(5));
    String path = ClusterLayout.AGENT_PATH + "register";
    for (String auth : new String[] {null, "Bearer wrong", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN,
        "Bearer " + TOKEN + "x"}) {
      HttpResponse<String> r = post(path, auth, null, registration("node-1", "m"));
      assertEquals(401, r.statusCode(), auth);
      assertTrue(error(r).contains("missing or wrong token"), r.body());
    }
    // Even an unknown path or a wrong method says 401 first: nothing is revealed without the token.
    assertEquals(401, post("/v1/nothing", "Bearer nope", null, "{}").statusCode());
    assertEquals(List.of(), transport.agents());
    assertEquals(List.of(), events);
    assertEquals(java.util.Set.of(), transport.liveNodes());
  }

  @Test
  void badRequestsGetTheirStatusAndAJsonError() throws Exception {
    listen(Duration.ofSeconds(5));
    String auth = "Bearer " + TOKEN;
    HttpResponse<String> malformed = post(ClusterLayout.AGENT_PATH + "register", auth, null, "{\"node\": ");
    assertEquals(400, malformed.statusCode());
    assertTrue(error(malformed).contains("not a valid Registration"), malformed.body());
    HttpResponse<String> badId = post(ClusterLayout.AGENT_PATH + "register", auth, null, registration("no way", "m"));
    assertEquals(400, badId.statusCode());
    assertTrue(error(badId).contains("node id 'no way' is not valid"), badId.body());
    HttpResponse<String> unknown = post("/v1/agent/unknown", auth, null, "{}");
    assertEquals(404, unknown.statusCode());
    assertTrue(error(unknown).contains("no such endpoint"), unknown.body());
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + transport.port()
        + ClusterLayout.AGENT_PATH + "register")).header("Authorization", auth).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    // 64 KiB is the limit of register; the message endpoint takes more (a result travels in it).
    String big = "{\"node\": \"node-1\", \"module\": \"m\", \"hostname\": \"" + "x".repeat(65 << 10) + "\"}";
    HttpResponse<String> tooLarge = post(ClusterLayout.AGENT_PATH + "register", auth, null, big);
    assertEquals(413, tooLarge.statusCode());
    assertTrue(error(tooLarge).contains("over the limit of 65536 bytes"), tooLarge.body());
    String session = register("node-1", "m");
    AgentMessage large = new AgentMessage.AddResult("1/a/node-1", 7, "v",
        Json.mapper().getNodeFactory().textNode("y".repeat(100 << 10)));
    HttpResponse<String> accepted = post(ClusterLayout.AGENT_PATH + "message", auth, session, Messages.toJson(large));
    assertEquals(200, accepted.statusCode(), accepted.body());
    assertEquals(List.of("joined node-1", "message node-1 1/a/node-1"), events);
  }

  @Test
  void anUnknownOrExpiredSessionGets410AndALiveNodeIdCannotBeClaimedTwice() throws Exception {
    listen(Duration.ofMillis(400));
    String auth = "Bearer " + TOKEN;
    assertEquals(410, post(ClusterLayout.AGENT_PATH + "heartbeat", auth, "0123456789abcdef0123456789abcdef", "{}")
        .statusCode());
    assertEquals(410, post(ClusterLayout.AGENT_PATH + "poll", auth, null, "{}").statusCode());
    String first = register("node-1", "m");
    assertEquals(32, first.length(), first);
    HttpResponse<String> twice = post(ClusterLayout.AGENT_PATH + "register", auth, null, registration("node-1", "m"));
    assertEquals(409, twice.statusCode());
    assertTrue(error(twice).contains("already has an agent of module m with a live lease"), twice.body());
    // The first agent stops its heartbeats: its lease runs out, the node is lost, its session is gone.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!events.contains("lost node-1") && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertTrue(events.contains("lost node-1"), events.toString());
    HttpResponse<String> stale = post(ClusterLayout.AGENT_PATH + "heartbeat", auth, first, "{}");
    assertEquals(410, stale.statusCode());
    assertTrue(error(stale).contains("register again"), stale.body());
    AgentMessage m = new AgentMessage.Log("1/a/node-1", 1, "INFO", "late");
    assertEquals(410, post(ClusterLayout.AGENT_PATH + "message", auth, first, Messages.toJson(m)).statusCode());
    // The lost node comes back under a new session.
    String second = register("node-1", "m");
    assertTrue(!second.equals(first));
    assertEquals(List.of("joined node-1", "lost node-1", "joined node-1"), events);
    assertEquals(java.util.Set.of("node-1"), transport.liveNodes());
  }

  @Test
  void aSessionCannotSpeakForAnotherNodesInstanceAndTheWorldStaysUnchanged() throws Exception {
    SwarmGraph g = Swarms.define("security", s -> s.task(AgentTransportContract.Probe.class,
        t -> t.alias("probe").method(Method.ALL)));
    List<NodeSpec> nodes = Nodes.count(2);
    CountDownLatch running = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<String> rogueAnswers = Collections.synchronizedList(new ArrayList<>());
    LoopbackCluster cluster = new LoopbackCluster(nodes, List.of(AgentTransportContract.Probe.class.getName()),
        new TaskFactories(Map.of(AgentTransportContract.Probe.class.getName(), () -> ctx -> {
          ctx.results().add("v", 1);
          running.countDown();
          release.await(60, TimeUnit.SECONDS);
        }), getClass().getClassLoader()), Duration.ofSeconds(5));
    transport = cluster.http;
    Thread rogue = new Thread(() -> {
      try {
        running.await(60, TimeUnit.SECONDS);
        // An agent of node-2 (registered for another module) writes under node-1's instance.
        String session = register("node-2", "rogue");
        for (AgentMessage m : List.<AgentMessage>of(
            new AgentMessage.AddResult("1/probe/node-1", 1, "v", IntNode.valueOf(666)),
            new AgentMessage.WriteGlobal("1/probe/node-1", 1, "g", IntNode.valueOf(666)),
            new AgentMessage.Ended("1/probe/node-1", 1, false, "forged"))) {
          HttpResponse<String> r = post(ClusterLayout.AGENT_PATH + "message", "Bearer " + TOKEN, session,
              Messages.toJson(m));
          rogueAnswers.add(r.statusCode() + " " + Messages.fromJson(r.body(), Reply.class).error());
        }
      } catch (Exception e) {
        rogueAnswers.add(e.toString());
      } finally {
        release.countDown();
      }
    });
    rogue.start();
    RunReport report = new Conductor(g, Map.of(), nodes, 1, cluster, null, null).run().requireCompleted();
    rogue.join(60_000);
    assertEquals(3, rogueAnswers.size(), rogueAnswers.toString());
    for (String answer : rogueAnswers) {
      assertTrue(answer.startsWith("200 the agent of node 'node-2' cannot speak for instance 1/probe/node-1"), answer);
    }
    assertEquals(Map.of("probe/node-1", IntNode.valueOf(1), "probe/node-2", IntNode.valueOf(1)), report.results(1, "v"));
    assertTrue(report.globals().get("g") == null, report.globals().toString());
    assertEquals(2, report.succeededNodes("probe", 1).size(), report.summary());
  }
}
