package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.manta.graph.Json;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded, seeded fuzz of every endpoint of a {@link ConductorMain} (child JVM, loopback) that is
 * running a real swarm, held mid-iteration: thousands of malformed, truncated, oversized, replayed,
 * forged and unauthenticated requests. Each gets a 4xx with a JSON error (or, for a well-formed
 * agent message about an instance the session may not touch, the documented 200 whose reply
 * carries the error); the conductor stays up, the journal is byte for byte what it was, and the
 * swarm then ends exactly like an uninterrupted run. Prints the counts per endpoint and status.
 */
class ConductorFuzzTest {
  /** The seed; {@code -Dmanta.fuzz.seed=N} replays another. */
  private static final long SEED = Long.getLong("manta.fuzz.seed", 20261205L);
  /** Requests sent (besides the setup); {@code -Dmanta.fuzz.requests=N}. */
  private static final int REQUESTS = Integer.getInteger("manta.fuzz.requests", 4000);
  /** The bound on the whole fuzz, a guard against a hang only. */
  private static final Duration BUDGET = Duration.ofMinutes(4);

  private static final String AGENT = ClusterLayout.AGENT_PATH;
  private static final List<String> POSTS = List.of("register", "heartbeat", "poll", "message", "log");

  @TempDir
  Path dir;
  private ConductorHarness harness;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Integer> counts = new TreeMap<>();
  private Random random;
  private String fuzzSession;
  private List<JsonNode> assigned;

  @AfterEach
  void cleanUp() throws InterruptedException {
    FaultDemo.GATES.clear();
    if (harness != null) {
      harness.close();
    }
  }

  /** One hostile request: what it is, how to send it, and the statuses it may get. */
  private record Case(String kind, String endpoint, Supplier<HttpRequest> request, Set<Integer> expected) {}

  @Test
  void thousandsOfHostileRequestsGet4xxWithAJsonErrorAndChangeNothing() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    FaultDemo.GATES.put("map-2-3", gate);
    harness = new ConductorHarness(dir, Map.of("offset", 3));
    Process conductor = harness.startConductor("conductor.log");
    harness.startAgents();
    // Iteration 2: node-1 and node-2 mapped, node-3's mapper is running and waits at the gate.
    harness.awaitStatus(conductor, "conductor.log", s -> s.iteration() == 2
        && "SUCCEEDED".equals(s.tasks().getOrDefault("mapper", Map.of()).get("node-1"))
        && "SUCCEEDED".equals(s.tasks().get("mapper").get("node-2")));
    harness.awaitJournal("node-3's mapper of iteration 2 running", lines -> lines.stream()
        .anyMatch(l -> l.contains("\"instance-running\"") && l.contains("2/mapper/node-3")));
    fuzzSession = registerFuzzAgent();
    assigned = new ArrayList<>();
    for (String line : harness.journalLines()) {
      JsonNode entry = Json.mapper().readTree(line);
      if (entry.path("type").asText().equals("instance-assigned")) {
        assigned.add(entry);
      }
    }
    List<String> before = harness.journalLines();
    String statusBefore = statusWithoutAgents();

    random = new Random(SEED);
    long deadline = System.nanoTime() + BUDGET.toNanos();
    int sent = 0;
    int refusedInReply = 0;
    List<String> wrong = new ArrayList<>();
    while (sent < REQUESTS) {
      if (System.nanoTime() > deadline) {
        fail("the fuzz took longer than " + BUDGET + " after " + sent + " requests: the conductor may hang");
      }
      if (sent % 200 == 0) {
        heartbeatFuzzAgent(); // a valid request, not counted: keeps the fuzz session's lease
      }
      Case c = nextCase();
      HttpResponse<String> r;
      try {
        r = http.send(c.request.get(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // Only an oversized body may be cut off by the server answering 413 before it read it all.
        if (!c.kind.equals("oversized")) {
          wrong.add(c.kind + " " + c.endpoint + ": " + e);
        }
        count(c, "cut");
        sent++;
        continue;
      }
      sent++;
      int status = r.statusCode();
      count(c, String.valueOf(status));
      if (!c.expected.contains(status)) {
        wrong.add(c.kind + " " + c.endpoint + " got " + status + " (expected " + c.expected + "): " + r.body());
        continue;
      }
      JsonNode body;
      try {
        body = Json.mapper().readTree(r.body());
      } catch (IOException e) {
        wrong.add(c.kind + " " + c.endpoint + " got a body that is not JSON: " + r.body());
        continue;
      }
      String error = body.path("error").asText("");
      if (error.isBlank()) {
        wrong.add(c.kind + " " + c.endpoint + " got " + status + " without an error: " + r.body());
      } else if (status == 200) {
        refusedInReply++;
      }
    }
    assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " wrong answers");
    int raw = rawRequests(conductor);

    System.out.println("[fuzz] seed " + SEED + ": " + sent + " requests (" + refusedInReply + " of them well-formed"
        + " agent messages refused in a 200 reply) + " + raw + " raw socket requests; per endpoint and status:");
    counts.forEach((k, v) -> System.out.println("[fuzz]   " + k + " " + v));

    assertTrue(conductor.isAlive(), () -> "the conductor died: " + harness.read("conductor.log"));
    assertEquals(before, harness.journalLines(), "the journal changed under the fuzz");
    assertEquals(statusBefore, statusWithoutAgents(), "the status changed under the fuzz");

    gate.countDown();
    ClusterStatus end = harness.awaitStatus(conductor, "conductor.log", ClusterStatus::ended);
    assertEquals("COMPLETED", end.status(), end.toString());
    Path local = harness.localRun();
    for (String name : List.of("globals.json", "results.json")) {
      assertEquals(Json.mapper().readTree(local.resolve(name).toFile()), harness.fetched(name), name);
    }
  }

  private void count(Case c, String status) {
    counts.merge(String.format("%-16s %-11s %s", c.endpoint, c.kind, status), 1, Integer::sum);
  }

  private String statusWithoutAgents() {
    ClusterStatus s = harness.client().status();
    return s.status() + " " + s.iteration() + " " + s.tasks() + " " + s.failures() + " " + s.lostNodes();
  }

  // ---------------------------------------------------------------- setup requests (valid, not counted)

  private String registerFuzzAgent() throws Exception {
    // node-99 is not one of the swarm's nodes: the conductor ignores it joining or being lost.
    HttpResponse<String> r = http.send(post("register", auth(), null, Messages.toJson(
        new AgentProtocol.Registration("node-99", "fuzz.Module", "fuzz-host", List.of(), false))),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return Json.mapper().readTree(r.body()).get("session").asText();
  }

  private void heartbeatFuzzAgent() throws Exception {
    HttpResponse<String> r = http.send(post("heartbeat", auth(), fuzzSession, "{}"),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  // ---------------------------------------------------------------- request builders

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + harness.port + pathAndQuery);
  }

  private static String auth() {
    return "Bearer " + ConductorHarness.TOKEN;
  }

  private HttpRequest post(String endpoint, String authorization, String session, String body) {
    return request(AGENT + endpoint, "POST", authorization, session, body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest request(String path, String method, String authorization, String session, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (session != null) {
      b.header(ClusterLayout.SESSION_HEADER, session);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- the cases

  private Case nextCase() {
    int pick = random.nextInt(100);
    if (pick < 22) {
      return unauthenticated();
    } else if (pick < 42) {
      return malformed();
    } else if (pick < 57) {
      return truncated();
    } else if (pick < 75) {
      return replayed();
    } else if (pick < 80) {
      return oversized();
    } else if (pick < 90) {
      return wrongPlace();
    }
    return badQuery();
  }

  private String anyPath() {
    List<String> paths = List.of(AGENT + "register", AGENT + "heartbeat", AGENT + "poll", AGENT + "message",
        AGENT + "log", ClusterLayout.STATUS_PATH, ClusterLayout.LOGS_PATH + "?after=0",
        ClusterLayout.FILES_PATH + "journal.jsonl", ClusterLayout.FILES_PATH + "results.json", "/v1/agent/unknown",
        "/", "/v1/files/../../etc/passwd");
    return paths.get(random.nextInt(paths.size()));
  }

  private static String endpointOf(String path) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (p.startsWith(ClusterLayout.FILES_PATH)) {
      return "files";
    }
    return p.startsWith(AGENT) ? p.substring(AGENT.length()) : p;
  }

  /** No header, another scheme, a wrong, truncated, padded or one-bit-off token: 401 on every path and method. */
  private Case unauthenticated() {
    String token = ConductorHarness.TOKEN;
    char[] flipped = token.toCharArray();
    flipped[random.nextInt(flipped.length)] ^= 1;
    byte[] noise = new byte[1 + random.nextInt(40)];
    random.nextBytes(noise);
    List<String> auths = new ArrayList<>(List.of("Bearer", "Bearer ", "Bearer " + new String(flipped),
        "Bearer " + token.substring(0, random.nextInt(token.length())), "Bearer " + token + "0",
        "Basic " + token, "bearer " + token, "Bearer " + HexFormat.of().formatHex(noise), token));
    auths.add(null);
    String authorization = auths.get(random.nextInt(auths.size()));
    String path = anyPath();
    String method = List.of("GET", "POST", "PUT", "DELETE").get(random.nextInt(4));
    String body = Messages.toJson(new AgentProtocol.Registration("node-1", FaultDemo.Mapper.class.getName(), "h",
        List.of(), false));
    return new Case("no-token", endpointOf(path), () -> request(path, method, authorization, null,
        method.equals("GET") ? null : body.getBytes(StandardCharsets.UTF_8)), Set.of(401));
  }

  private byte[] garbage() {
    switch (random.nextInt(6)) {
      case 0:
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
      case 1:
        return List.of("null", "[]", "1", "\"x\"", "true", "", " ", "{", "}", "[{}]", "{\"type\": 7}",
            "{\"type\": \"nope\"}", "{\"type\": \"add-result\"}", "\u0000", "{\"ack\": \"x\"}",
            "{\"node\": {}}", "{\"level\": []}", "{\"waitMillis\": 1e999}", "{\"ack\": 99999999999999999999999}")
            .get(random.nextInt(19)).getBytes(StandardCharsets.UTF_8);
      case 2:
        return ("{\"" + "k".repeat(random.nextInt(50)) + "\": " + "[".repeat(random.nextInt(2000))).getBytes(
            StandardCharsets.UTF_8);
      case 3:
        return "{\"node\": \"node-1\", \"module\": 12, \"hostname\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
      case 4:
        return new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'};
      default:
        return ("{\"type\": \"log\", \"instanceId\": \"" + "\\u".repeat(1 + random.nextInt(5)) + "\"}").getBytes(
            StandardCharsets.UTF_8);
    }
  }

  /**
   * Unparseable bodies. register answers 400; the other agent endpoints need a session first (410
   * without one), and with the fuzz agent's session poll, message and log answer 400 (heartbeat
   * reads no body).
   */
  private Case malformed() {
    String endpoint = POSTS.get(random.nextInt(POSTS.size()));
    byte[] body = garbage();
    boolean withSession = !endpoint.equals("register") && !endpoint.equals("heartbeat") && random.nextBoolean();
    String session = withSession ? fuzzSession : randomSessionOrNone();
    Set<Integer> expected = endpoint.equals("register") || withSession ? Set.of(400) : Set.of(410);
    return new Case("malformed", endpoint, () -> request(AGENT + endpoint, "POST", auth(), session, body), expected);
  }

  private String randomSessionOrNone() {
    if (random.nextInt(3) == 0) {
      return null;
    }
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private String validBody(String endpoint) {
    JsonNode instance = assigned.get(random.nextInt(assigned.size()));
    String id = instance.get("id").asText();
    long attempt = instance.get("attempt").asLong();
    switch (endpoint) {
      case "register":
        return Messages.toJson(new AgentProtocol.Registration("node-" + (1 + random.nextInt(3)),
            FaultDemo.Mapper.class.getName(), "host", List.of(), false));
      case "poll":
        return Messages.toJson(new AgentProtocol.Poll(random.nextInt(100), 10));
      case "log":
        return Messages.toJson(new AgentProtocol.LogLine("INFO", "forged"));
      default:
        List<AgentMessage> forged = List.of(
            new AgentMessage.AddResult(id, attempt, "part", IntNode.valueOf(666)),
            new AgentMessage.WriteGlobal(id, attempt, "sum_1", IntNode.valueOf(666)),
            new AgentMessage.Ended(id, attempt, false, "forged"),
            new AgentMessage.Ended(id, attempt, true, null),
            new AgentMessage.Claim(id, attempt),
            new AgentMessage.Log(id, attempt, "INFO", "forged"),
            new AgentMessage.NextIteration(id, attempt, "mapper", List.of("node-1")),
            new AgentMessage.Stop(id, attempt));
        return Messages.toJson(forged.get(random.nextInt(forged.size())));
    }
  }

  /** A valid body cut short: 400 (register, or with the fuzz session), else 410 (no live session). */
  private Case truncated() {
    String endpoint = List.of("register", "poll", "message", "log").get(random.nextInt(4));
    String full = validBody(endpoint);
    String body = full.substring(0, random.nextInt(full.length() - 1) + 1);
    boolean withSession = !endpoint.equals("register") && random.nextBoolean();
    String session = withSession ? fuzzSession : randomSessionOrNone();
    Set<Integer> expected = endpoint.equals("register") || withSession ? Set.of(400) : Set.of(410);
    return new Case("truncated", endpoint, () -> post(endpoint, auth(), session, body), expected);
  }

  /**
   * Real instance ids and attempts from the journal sent again: with no or a made-up session 410; a
   * registration of a node whose agent holds a live lease 409; an agent message through the fuzz
   * agent's session (node-99 speaking for another node's instance) the documented 200 whose reply
   * carries the error.
   */
  private Case replayed() {
    String endpoint = List.of("register", "heartbeat", "poll", "message", "log", "message").get(random.nextInt(6));
    String body = endpoint.equals("heartbeat") ? "{}" : validBody(endpoint);
    if (endpoint.equals("register")) {
      return new Case("replayed", endpoint, () -> post(endpoint, auth(), null, body), Set.of(409));
    }
    if (endpoint.equals("message") && random.nextBoolean()) {
      return new Case("forged", endpoint, () -> post(endpoint, auth(), fuzzSession, body), Set.of(200));
    }
    String session = randomSessionOrNone();
    return new Case("replayed", endpoint, () -> post(endpoint, auth(), session, body), Set.of(410));
  }

  /** Bodies over the endpoint's limit: 413 (64 KiB, or 64 MiB for message, a few times). */
  private Case oversized() {
    boolean large = random.nextInt(150) == 0;
    String endpoint = large ? "message" : List.of("register", "heartbeat", "poll", "log").get(random.nextInt(4));
    int limit = large ? HttpEndpoints.LARGE_BODY : HttpEndpoints.SMALL_BODY;
    int size = limit + 1 + random.nextInt(large ? 1000 : 100_000);
    String session = random.nextBoolean() ? fuzzSession : null;
    return new Case("oversized", endpoint, () -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(AGENT + endpoint)).timeout(Duration.ofSeconds(60))
          .header("Authorization", auth())
          .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
              () -> new RepeatingStream(size)), size));
      if (session != null) {
        b.header(ClusterLayout.SESSION_HEADER, session);
      }
      return b.build();
    }, Set.of(413));
  }

  /** Unknown paths (404), wrong methods (405), files that are not served or not there yet (404, 409). */
  private Case wrongPlace() {
    int pick = random.nextInt(4);
    if (pick == 0) {
      String path = List.of("/v1/agent/", "/v1/agent/registerx", "/v2/status", "/v1/statu", "/v1/logs/x",
          "/v1/agent/register/", "/admin", "/v1/agent/../status").get(random.nextInt(8));
      return new Case("unknown", "(other)", () -> request(path, "POST", auth(), null, new byte[0]),
          Set.of(404));
    } else if (pick == 1) {
      String path = anyPath();
      boolean post = path.startsWith(AGENT) && !path.endsWith("unknown");
      String method = post ? List.of("GET", "PUT", "DELETE").get(random.nextInt(3))
          : List.of("POST", "PUT", "DELETE").get(random.nextInt(3));
      Set<Integer> expected = path.endsWith("unknown") || path.equals("/") ? Set.of(404) : Set.of(405);
      return new Case("method", endpointOf(path), () -> request(path, method, auth(), null,
          method.equals("GET") ? null : new byte[0]), expected);
    } else if (pick == 2) {
      String name = List.of("../token", "..%2Ftoken", "%2e%2e/%2e%2e/token", "journal.jsonl/../../token", "",
          "JOURNAL.JSONL", "journal.jsonl%00", "report.json.bak", "..", "/etc/passwd", "token", "x".repeat(3000))
          .get(random.nextInt(12));
      return new Case("bad-file", "files", () -> request(ClusterLayout.FILES_PATH + name, "GET", auth(), null, null),
          Set.of(404));
    }
    String name = List.of("report.json", "globals.json", "results.json", "instances.json").get(random.nextInt(4));
    return new Case("too-early", "files", () -> request(ClusterLayout.FILES_PATH + name, "GET", auth(), null, null),
        Set.of(409));
  }

  /** Query parameters of logs that are not whole numbers: 400. */
  private Case badQuery() {
    String query = List.of("after=x", "after=1.5", "wait=-", "after=99999999999999999999", "after=&wait=1e3",
        "after=0x10", "wait=%20", "after=%2B1x", "after=1&wait=NaN").get(random.nextInt(9));
    return new Case("bad-query", "/v1/logs", () -> request(ClusterLayout.LOGS_PATH + "?" + query, "GET", auth(), null,
        null), Set.of(400));
  }

  /**
   * Requests that no HTTP client would send, over a raw socket: a garbage request line, a
   * Content-Length that is not a number or is huge, a body shorter than declared, a client that
   * closes at once. The JDK server answers the first itself (400, not JSON), our code the next
   * two; the conductor must still answer a valid status request after each.
   */
  private int rawRequests(Process conductor) throws Exception {
    List<String> raw = List.of(
        "GARBAGE\r\n\r\n",
        "POST /v1/agent/register HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth() + "\r\nContent-Length: abc\r\n\r\n",
        "POST /v1/agent/register HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth()
            + "\r\nContent-Length: 99999999999\r\n\r\n{}",
        "POST /v1/agent/register HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth() + "\r\nContent-Length: 500\r\n\r\n{\"no",
        "POST /v1/agent/log HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth() + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET /v1/logs?after=%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth() + "\r\n\r\n",
        "GET /v1/status HTTP/1.1\r\n");
    int sent = 0;
    for (int round = 0; round < 25; round++) {
      for (String text : raw) {
        try (Socket s = new Socket("127.0.0.1", harness.port)) {
          s.setSoTimeout(5000);
          OutputStream out = s.getOutputStream();
          out.write(text.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          s.shutdownOutput();
          String answer = new String(s.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
          String key = answer.isEmpty() ? "closed" : answer.substring(0, Math.min(12, answer.length())).trim();
          counts.merge(String.format("%-16s %-11s %s", "(raw)", "raw-" + raw.indexOf(text), key), 1, Integer::sum);
          if (!answer.isEmpty() && !answer.startsWith("HTTP/1.1 4")) {
            fail("raw request " + raw.indexOf(text) + " got " + answer);
          }
        } catch (java.net.SocketTimeoutException e) {
          fail("raw request " + raw.indexOf(text) + " got no answer in 5 s and no close");
        }
        sent++;
        assertTrue(conductor.isAlive());
        assertEquals("RUNNING", harness.client().status().status());
      }
    }
    return sent;
  }

  /** {@code size} bytes of JSON-ish text without holding them in memory. */
  private static final class RepeatingStream extends InputStream {
    private final byte[] pattern = "{\"level\": \"INFO\", \"text\": \"aaaaaaaaaaaaaaaa\"}".getBytes(StandardCharsets.UTF_8);
    private long left;
    private int at;

    RepeatingStream(long size) {
      left = size;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      byte b = pattern[at];
      at = (at + 1) % pattern.length;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = pattern[at];
        at = (at + 1) % pattern.length;
      }
      left -= n;
      return n;
    }
  }
}
