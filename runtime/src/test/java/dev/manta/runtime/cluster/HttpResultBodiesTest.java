package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.journal.RunIdentity;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results on the HTTP transport travel as bytes of their own ({@link ResultFrames}), not as text
 * inside a JSON message: every kind of value comes back as it went, large ones too; a value over
 * the limit is refused with the conductor's words; a large result's {@code add} returns only once
 * the journal holds it; malformed frames are refused; JSON messages are still accepted.
 */
class HttpResultBodiesTest {
  @TempDir
  Path dir;

  public static final class Producer implements TaskBody {
    @Override
    public void run(TaskContext ctx) { }
  }

  public static final class Consumer implements TaskBody {
    @Override
    public void run(TaskContext ctx) { }
  }

  private static final SwarmGraph PRODUCE_THEN_CONSUME = Swarms.define("bodies", s -> {
    var p = s.task(Producer.class, t -> t.alias("p").method(Method.ANY));
    var c = s.task(Consumer.class, t -> t.alias("c").method(Method.ANY));
    s.flow(c.after(p));
  });

  public record Point(String name, double x, List<Integer> tags) {}

  private RunReport run(TaskBody producer, TaskBody consumer, Journal journal, Conductor.Limits limits) {
    List<NodeSpec> nodes = Nodes.count(2);
    LoopbackCluster cluster = new LoopbackCluster(nodes, List.of(Producer.class.getName(), Consumer.class.getName()),
        new TaskFactories(Map.of(Producer.class.getName(), () -> producer, Consumer.class.getName(), () -> consumer),
            getClass().getClassLoader()), Duration.ofSeconds(10));
    try {
      return new Conductor(PRODUCE_THEN_CONSUME, Map.of(), nodes, 1, cluster, journal, null,
          RunIdentity.of(PRODUCE_THEN_CONSUME, nodes, Map.of()), limits).run();
    } finally {
      cluster.http.shutdown();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void everyKindOfValueComesBackAsItWentWithAndWithoutAJournal() throws Exception {
    byte[] bytes = new byte[300_000];
    new Random(7).nextBytes(bytes);
    double[] doubles = new Random(8).doubles(50_000).toArray();
    doubles[0] = Double.MIN_VALUE;
    doubles[1] = -0.0;
    float[] floats = {1.5f, Float.MAX_VALUE, -3.25e-7f};
    long[] longs = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
    int[] ints = new Random(9).ints(100_000).toArray();
    String text = "line one\nline two \"quoted\" \u00e9\u4e2d\ud83d\ude00 \\ tab\t";
    Point point = new Point("p\nq", 2.5, List.of(1, 2, 3));
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("bytes", bytes);
    sent.put("doubles", doubles);
    sent.put("floats", floats);
    sent.put("longs", longs);
    sent.put("ints", ints);
    sent.put("text", text);
    sent.put("empty", "");
    sent.put("int", 42);
    sent.put("double", 0.1);
    sent.put("bool", true);
    sent.put("point", point);
    sent.put("list", List.of("a", "b"));
    sent.put("map", Map.of("k", List.of(1.0, 2.0)));
    for (boolean withJournal : List.of(true, false)) {
      List<String> wrong = Collections.synchronizedList(new ArrayList<>());
      TaskBody producer = ctx -> {
        for (Map.Entry<String, Object> e : sent.entrySet()) {
          ctx.results().add(e.getKey(), e.getValue());
        }
        ctx.results().add("none", null);
      };
      TaskBody consumer = ctx -> {
        for (Map.Entry<String, Object> e : sent.entrySet()) {
          Object got = ctx.results().select(e.getKey(), e.getValue().getClass()).values().iterator().next();
          if (!java.util.Objects.deepEquals(e.getValue(), got)) {
            wrong.add(e.getKey() + ": " + abbreviate(got));
          }
        }
        Map<String, Object> none = ctx.results().select("none", Object.class);
        if (none.size() != 1 || none.values().iterator().next() != null) {
          wrong.add("none: " + none);
        }
        if (!ctx.results().select("absent", String.class).isEmpty()) {
          wrong.add("absent: not empty");
        }
      };
      try (Journal journal = withJournal ? Journal.open(dir.resolve("kinds.jsonl")) : null) {
        RunReport r = run(producer, consumer, journal, Conductor.Limits.DEFAULT).requireCompleted();
        assertTrue(wrong.isEmpty(), (withJournal ? "with" : "without") + " a journal: " + wrong);
        assertArrayEquals(bytes, Json.mapper().treeToValue(r.results(1, "bytes").values().iterator().next(),
            byte[].class));
      }
    }
    // The journal holds the values as JSON, one line each, as before.
    Map<String, JsonNode> journaled = new LinkedHashMap<>();
    for (JournalEntry e : Journal.readAll(dir.resolve("kinds.jsonl"))) {
      if (e instanceof JournalEntry.ResultAdded a) {
        journaled.put(a.tag(), RawJson.tree(a.value()));
      }
    }
    assertArrayEquals(bytes, journaled.get("bytes").binaryValue());
    assertEquals(Json.mapper().valueToTree(point), journaled.get("point"));
    assertEquals(text, journaled.get("text").asText());
    assertTrue(journaled.get("none").isNull(), String.valueOf(journaled.get("none")));
  }

  private static String abbreviate(Object value) {
    String s = value != null && value.getClass().isArray() ? value.getClass().getSimpleName() : String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void largeValuesRoundTripAndALargeAddReturnsOnlyOnceTheJournalHoldsIt() throws Exception {
    byte[] big = new byte[12 << 20]; // 16 MiB of JSON
    new Random(3).nextBytes(big);
    double[] weights = new Random(4).doubles(1 << 20).toArray();
    Path file = dir.resolve("large.jsonl");
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    TaskBody producer = ctx -> {
      ctx.results().add("big", big);
      // Acknowledged: the line is already in the journal (a result of 64 KiB or more is forced before add returns).
      boolean held = Journal.readAll(file).stream()
          .anyMatch(e -> e instanceof JournalEntry.ResultAdded a && a.tag().equals("big"));
      if (!held) {
        wrong.add("add of 'big' returned before the journal held it");
      }
      ctx.results().add("weights", weights);
    };
    TaskBody consumer = ctx -> {
      if (!Arrays.equals(big, ctx.results().select("big", byte[].class).values().iterator().next())) {
        wrong.add("big differs");
      }
      if (!Arrays.equals(weights, ctx.results().select("weights", double[].class).values().iterator().next())) {
        wrong.add("weights differ");
      }
    };
    try (Journal journal = Journal.open(file)) {
      run(producer, consumer, journal, Conductor.Limits.DEFAULT).requireCompleted();
    }
    assertTrue(wrong.isEmpty(), wrong.toString());
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void aValueOverTheLimitIsRefusedWithTheConductorsWords() {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    TaskBody producer = ctx -> {
      try {
        ctx.results().add("w", new byte[3000]); // 4,002 bytes of JSON (base64 in quotes)
      } catch (IllegalStateException e) {
        errors.add(e.getMessage());
        throw e;
      }
    };
    RunReport r = run(producer, ctx -> { }, null,
        new Conductor.Limits(Duration.ofMinutes(1), Duration.ofMinutes(1), 1, 4000));
    assertEquals(RunStatus.FAILED, r.status(), r.summary());
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("result 'w' of instance 1/p/") && errors.get(0).contains("is 4002 bytes of JSON,"
        + " over the limit of 4000 bytes"), errors.get(0));
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void aStringLongerThanJacksonsDefaultLimitIsJournaledAndReadBack() throws Exception {
    byte[] huge = new byte[16 << 20]; // 22,369,622 characters of base64: over Jackson's default 20,000,000
    new Random(5).nextBytes(huge);
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    TaskBody producer = ctx -> ctx.results().add("huge", huge);
    TaskBody consumer = ctx -> {
      if (!Arrays.equals(huge, ctx.results().select("huge", byte[].class).values().iterator().next())) {
        wrong.add("huge differs");
      }
    };
    Path file = dir.resolve("huge.jsonl");
    try (Journal journal = Journal.open(file)) {
      run(producer, consumer, journal, Conductor.Limits.DEFAULT).requireCompleted();
    }
    assertTrue(wrong.isEmpty(), wrong.toString());
    JournalEntry.ResultAdded back = Journal.readAll(file).stream().filter(e -> e instanceof JournalEntry.ResultAdded)
        .map(e -> (JournalEntry.ResultAdded) e).findFirst().orElseThrow();
    assertTrue(Arrays.equals(huge, back.value().binaryValue()), "the journal reads the value back whole");
  }

  // ---------------------------------------------------------------- the wire, by hand

  @Test
  void framesAreCheckedAndJsonMessagesStillWork() throws Exception {
    List<AgentMessage> received = Collections.synchronizedList(new ArrayList<>());
    HttpAgentTransport transport = HttpAgentTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), LoopbackCluster.TOKEN, Duration.ofSeconds(10));
    try {
      transport.start(new ConductorEndpoint() {
        @Override
        public Reply handle(String nodeId, AgentMessage message) {
          received.add(message);
          if (message instanceof AgentMessage.SelectResults) {
            var answer = Json.mapper().createObjectNode();
            answer.set("p/node-1", RawJson.node("[1,2]".getBytes(StandardCharsets.UTF_8)));
            answer.set("p/node-2", Json.mapper().createObjectNode().put("a", "\u00e9"));
            return Reply.of(answer);
          }
          return Reply.OK;
        }

        @Override
        public void nodeJoined(String nodeId) { }

        @Override
        public void nodeLost(String nodeId, String reason) { }

        @Override
        public void offerFailed(dev.manta.runtime.transport.Assignment assignment, String reason) { }
      });
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + transport.port() + ClusterLayout.AGENT_PATH);
      String session = Json.mapper().readTree(http.send(HttpRequest.newBuilder(base.resolve("register"))
          .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + LoopbackCluster.TOKEN)
          .POST(HttpRequest.BodyPublishers.ofString(Messages.toJson(new AgentProtocol.Registration("node-1", "m",
              "h", List.of(), false)))).build(), HttpResponse.BodyHandlers.ofString()).body()).get("session").asText();
      String envelope = Messages.toJson(new AgentMessage.AddResult("1/p/node-1", 1, "t", null));
      java.util.function.BiFunction<String, String, HttpResponse<String>> post = (type, body) -> {
        try {
          return http.send(HttpRequest.newBuilder(base.resolve("message"))
              .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + LoopbackCluster.TOKEN)
              .header(ClusterLayout.SESSION_HEADER, session).header("Content-Type", type)
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      // A frame: the value's bytes as they came.
      assertEquals(200, post.apply(ResultFrames.MEDIA_TYPE, envelope + "\n{\"a\":[1,2.5,\"x\"]}").statusCode());
      AgentMessage.AddResult add = (AgentMessage.AddResult) received.get(0);
      assertTrue(RawJson.isRaw(add.value()));
      assertEquals("{\"a\":[1,2.5,\"x\"]}", new String(RawJson.bytes(add.value()), StandardCharsets.UTF_8));
      // JSON, as before.
      assertEquals(200, post.apply("application/json", Messages.toJson(new AgentMessage.AddResult("1/p/node-1", 1,
          "t", IntNode.valueOf(5)))).statusCode());
      assertEquals(IntNode.valueOf(5), ((AgentMessage.AddResult) received.get(1)).value());
      // Malformed frames: refused, saying why; the conductor never hears of them.
      Map<String, String> bad = new LinkedHashMap<>();
      bad.put(envelope, "must start with a line of JSON ending in a line feed");
      bad.put(envelope + "\n", "the value is empty");
      bad.put(envelope + "\n[1,\n2]", "the value holds a line end");
      bad.put(envelope + "\n1 2", "more than one JSON value");
      bad.put(envelope + "\n{\"a\":", "not well-formed JSON");
      bad.put(envelope + "\n\"unterminated", "not well-formed JSON");
      bad.put(Messages.toJson(new AgentMessage.Log("1/p/node-1", 1, "INFO", "x")) + "\n1", "must be an add-result");
      for (Map.Entry<String, String> b : bad.entrySet()) {
        HttpResponse<String> r = post.apply(ResultFrames.MEDIA_TYPE, b.getKey());
        assertEquals(400, r.statusCode(), b.getKey());
        assertTrue(AgentClient.errorOf(r.body()).contains(b.getValue()), r.body());
      }
      assertEquals(2, received.size(), received.toString());
      // A select answered as a frame when asked for, as JSON otherwise: the same values.
      String select = Messages.toJson(new AgentMessage.SelectResults("1/p/node-1", 1, 0, "t"));
      HttpResponse<byte[]> framed = http.send(HttpRequest.newBuilder(base.resolve("message"))
          .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + LoopbackCluster.TOKEN)
          .header(ClusterLayout.SESSION_HEADER, session).header("Content-Type", "application/json")
          .header("Accept", ResultFrames.MEDIA_TYPE + ", application/json")
          .POST(HttpRequest.BodyPublishers.ofString(select)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(ResultFrames.MEDIA_TYPE, framed.headers().firstValue("Content-Type").orElse(""));
      Reply fromFrame = ResultFrames.readSelectAnswer(framed.body());
      Reply fromJson = Messages.fromJson(post.apply("application/json", select).body(), Reply.class);
      assertEquals(fromJson.value(), RawJson.tree(Json.mapper().valueToTree(Map.of(
          "p/node-1", RawJson.tree(fromFrame.value().get("p/node-1")),
          "p/node-2", RawJson.tree(fromFrame.value().get("p/node-2"))))));
      assertEquals("{\"keys\":[\"p/node-1\",\"p/node-2\"],\"sizes\":[5,10]}\n[1,2]{\"a\":\"\u00e9\"}",
          new String(framed.body(), StandardCharsets.UTF_8));
    } finally {
      transport.shutdown();
    }
  }

  @Test
  void aSelectAnswerCutShortIsRefused() {
    for (String body : List.of("{\"keys\":[\"a\"],\"sizes\":[5]}\n[1]", "{\"keys\":[\"a\"],\"sizes\":[1]}\n12",
        "{\"keys\":[\"a\"]}\n1", "no line end")) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> ResultFrames.readSelectAnswer(body.getBytes(StandardCharsets.UTF_8)));
      assertTrue(e.getMessage().contains("select answer"), e.getMessage());
    }
  }
}
