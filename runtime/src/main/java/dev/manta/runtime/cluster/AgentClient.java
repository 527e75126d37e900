package dev.manta.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.ConductorLink;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An agent's HTTP calls to the conductor's agent endpoints, and its {@link ConductorLink} for task
 * messages. Every call has a bounded timeout; the session is the one the last registration got.
 */
final class AgentClient implements ConductorLink {
  /** How long a task's message may take: the conductor waits up to 120 s for its journal. */
  static final Duration MESSAGE_TIMEOUT = Duration.ofSeconds(150);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a lookup of the conductor's name may take before its last address is used. */
  static final Duration LOOKUP_BOUND = Duration.ofSeconds(1);
  /** How long an answer for the conductor's name is used before it is looked up again. */
  static final Duration LOOKUP_TTL = Duration.ofSeconds(1);

  /**
   * The conductor does not know the session the request named (it was restarted, or the lease ran
   * out): register again, unless the agent has registered again since that request was sent.
   */
  static final class Gone extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The session the refused request named ({@code null}: none, the agent had not registered). */
    final String session;

    Gone(String message, String session) {
      super(message);
      this.session = session;
    }
  }

  /** The conductor answered but cannot take the request now (409, 503, 5xx): try again later. */
  static final class Busy extends IOException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }

  /** The conductor refused the request for good (wrong token, a bad request): the agent cannot go on. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final HttpClient http;
  /**
   * Heartbeats' own connection: a heartbeat never waits behind, or reuses, a connection that a
   * result upload or a stalled request holds, and one that timed out is closed with its connection,
   * so the next goes out on a fresh one.
   */
  private final HttpClient heartbeatHttp;
  private final URI base;
  /** The conductor's address behind {@link #base}'s host name, looked up with a bound. */
  private final ConductorResolver resolver;
  private final String authorization;
  private volatile String session;
  private volatile CompletableFuture<?> polling;
  /** The running poll's reason to be given up (see {@link #poll(long, Duration, java.util.function.BooleanSupplier)}). */
  private volatile java.util.function.BooleanSupplier pollAbandoned = () -> false;
  private volatile boolean dead;

  AgentClient(URI conductor, String token) {
    this.base = Objects.requireNonNull(conductor, "conductor");
    this.resolver = new ConductorResolver(conductor, LOOKUP_BOUND, LOOKUP_TTL);
    this.authorization = ClusterLayout.BEARER + token;
    HttpEndpoints.limitClientKeepAlive();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
        .build();
    this.heartbeatHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).build();
  }

  URI base() {
    return base;
  }

  /** How the conductor's address was found for the last call ("" when its URL holds an address). */
  String lookupNote() {
    return resolver.note();
  }

  /** From now on every call fails without reaching the conductor (fault injection in tests). */
  void die() {
    dead = true;
  }

  /** The session the last registration got ({@code null} before the first). */
  String session() {
    return session;
  }

  /**
   * Whether {@code gone} refused the session this client holds now: a request sent with an earlier
   * session (before the agent registered again) says nothing about the current one.
   */
  boolean current(Gone gone) {
    return Objects.equals(gone.session, session);
  }

  AgentProtocol.Registered register(AgentProtocol.Registration r) throws IOException, InterruptedException {
    AgentProtocol.Registered answer = Messages.fromJson(post("register", Messages.toJson(r), CONNECT_TIMEOUT
        .multipliedBy(2), false), AgentProtocol.Registered.class);
    session = answer.session();
    return answer;
  }

  AgentProtocol.Items heartbeat(Duration timeout) throws IOException, InterruptedException {
    return Messages.fromJson(post("heartbeat", "{}", timeout, true), AgentProtocol.Items.class);
  }

  /**
   * Long-polls for items; {@link #abortPoll()} ends the call at once with an {@link IOException}.
   * After a conductor restart the old poll's connection may give no sign that its peer has gone,
   * and the agent would otherwise wait out the poll's timeout (up to 35 s) before registering again.
   */
  AgentProtocol.Items poll(long ack, Duration wait) throws IOException, InterruptedException {
    return poll(ack, wait, () -> false);
  }

  /**
   * As {@link #poll(long, Duration)}, given up at once if {@code abandoned} holds once the poll is
   * under way: an {@link #abortPoll()} that came before the poll had started cannot reach it, so the
   * caller's reason to abort is looked at again after the poll can be aborted.
   */
  AgentProtocol.Items poll(long ack, Duration wait, java.util.function.BooleanSupplier abandoned)
      throws IOException, InterruptedException {
    String body = Messages.toJson(new AgentProtocol.Poll(ack, wait.toMillis()));
    pollAbandoned = abandoned;
    try {
      return Messages.fromJson(post("poll", body, wait.plusSeconds(15), true), AgentProtocol.Items.class);
    } finally {
      pollAbandoned = () -> false;
    }
  }

  /** Ends the poll in flight, if any (its session is gone). */
  void abortPoll() {
    CompletableFuture<?> f = polling;
    if (f != null) {
      f.cancel(true);
    }
  }

  void log(String level, String text) throws IOException, InterruptedException {
    post("log", Messages.toJson(new AgentProtocol.LogLine(level, text)), CONNECT_TIMEOUT.multipliedBy(2), true);
  }

  /**
   * Sends a task's message and returns the conductor's reply. A connection that could not be
   * opened is tried again a few times (the message cannot have arrived); anything else fails the
   * call with an {@link IllegalStateException} the task sees.
   */
  @Override
  public Reply send(AgentMessage message) {
    // A result's value goes as its own bytes after the message (ResultFrames), not inside its JSON.
    List<byte[]> body = ResultFrames.framed(message) ? ResultFrames.addResult((AgentMessage.AddResult) message)
        : List.of(Messages.toJson(message).getBytes(StandardCharsets.UTF_8));
    String type = ResultFrames.framed(message) ? ResultFrames.MEDIA_TYPE : "application/json";
    String accept = message instanceof AgentMessage.SelectResults ? ResultFrames.MEDIA_TYPE + ", application/json"
        : "application/json";
    for (int attempt = 1; ; attempt++) {
      try {
        return message(body, type, accept);
      } catch (ConnectException e) {
        if (attempt >= 5 || dead) {
          throw new IllegalStateException("conductor not reachable at " + base + ": " + e, e);
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the conductor was not reachable", ie);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot reach the conductor at " + base + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the conductor's answer", e);
      } catch (Gone e) {
        throw new IllegalStateException("this agent's session ended (" + e.getMessage() + "); the instance is"
            + " fenced off and changes nothing", e);
      } catch (Refused e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  /** Posts one agent message ({@code body} in parts, of {@code type}) and reads the reply, JSON or a frame. */
  private Reply message(List<byte[]> body, String type, String accept) throws IOException, InterruptedException {
    long length = 0;
    for (byte[] part : body) {
      length += part.length;
    }
    HttpResponse<byte[]> response = call("message", type, accept, MESSAGE_TIMEOUT, true,
        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(body), length));
    if (HttpEndpoints.isMediaType(response.headers().firstValue("Content-Type").orElse(null), ResultFrames.MEDIA_TYPE)) {
      try {
        return ResultFrames.readSelectAnswer(response.body());
      } catch (IllegalArgumentException e) {
        throw new IOException("the conductor's answer could not be read: " + e.getMessage(), e);
      }
    }
    return Messages.fromJson(new String(response.body(), StandardCharsets.UTF_8), Reply.class);
  }

  /** Posts {@code json} to {@code endpoint} and returns the answer's body. */
  private String post(String endpoint, String json, Duration timeout, boolean withSession)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = call(endpoint, "application/json", null, timeout, withSession,
        HttpRequest.BodyPublishers.ofString(json));
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /**
   * One call to an agent endpoint, sent as that endpoint needs (a poll can be aborted, a heartbeat is
   * bounded as a whole); returns the answer if it is 200 and throws what any other status means.
   */
  private HttpResponse<byte[]> call(String endpoint, String type, String accept, Duration timeout, boolean withSession,
      HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
    if (dead) {
      throw new ConnectException("this agent is dead (fault injection)");
    }
    long start = System.nanoTime();
    String sent = withSession ? session : null;
    if (withSession && sent == null) {
      throw new Gone("not registered yet", null);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(resolver.current().resolve(ClusterLayout.AGENT_PATH + endpoint))
        .timeout(timeout)
        .header(ClusterLayout.AUTHORIZATION, authorization)
        .header("Content-Type", type)
        .POST(body);
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (sent != null) {
      b.header(ClusterLayout.SESSION_HEADER, sent);
    }
    HttpRequest request = b.build();
    HttpResponse<byte[]> response = switch (endpoint) {
      case "poll" -> abortable(request);
      case "heartbeat" -> bounded(request, timeout.minusNanos(System.nanoTime() - start));
      default -> http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    };
    if (dead) {
      throw new ConnectException("this agent is dead (fault injection)");
    }
    int status = response.statusCode();
    if (status != 200) {
      throw failure(status, new String(response.body(), StandardCharsets.UTF_8), endpoint, sent);
    }
    return response;
  }

  /** What a call answered with {@code status} (not 200) and {@code body} throws ({@code sent}: the session it named). */
  private Refused failure(int status, String body, String endpoint, String sent) throws IOException {
    String error = errorOf(body);
    if (status == 410) {
      throw new Gone(error, sent);
    }
    if (status == 401) {
      throw new Refused(401, "the conductor at " + base + " refused the token (401): " + error
          + "; the agent must read the deployment's token (" + ClusterLayout.ENV_TOKEN_FILE + ")");
    }
    if (status == 409 || status == 503 || status >= 500) {
      throw new Busy("conductor answered " + status + ": " + error);
    }
    return new Refused(status, "conductor answered " + status + " to " + endpoint + ": " + error);
  }

  /**
   * A heartbeat, answered within {@code limit} from now or given up: the request's own timeout does
   * not cover opening a connection (up to {@link #CONNECT_TIMEOUT}, a lost SYN costing seconds), and
   * a heartbeat that outlasts its period delays the next try and can cost the node its lease.
   */
  private HttpResponse<byte[]> bounded(HttpRequest request, Duration limit) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> f = heartbeatHttp.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return f.get(Math.max(1, limit.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      throw new java.net.http.HttpTimeoutException("no answer within " + Math.max(1, limit.toMillis()) + " ms");
    } catch (ExecutionException e) {
      throw ioOf(e, "heartbeat");
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    }
  }

  private HttpResponse<byte[]> abortable(HttpRequest request) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    polling = f;
    if (pollAbandoned.getAsBoolean()) {
      f.cancel(true);
    }
    try {
      return f.get();
    } catch (CancellationException e) {
      throw new IOException("poll given up: the session it named is gone");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CancellationException) {
        throw new IOException("poll given up: the session it named is gone");
      }
      throw ioOf(e, "poll");
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } finally {
      polling = null;
    }
  }

  /** What an asynchronous call failed with: its {@link IOException}, or anything else wrapped in one. */
  private static IOException ioOf(ExecutionException e, String call) {
    Throwable cause = e.getCause();
    return cause instanceof IOException io ? io : new IOException(call + " failed: " + cause, cause);
  }

  static String errorOf(String body) {
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return node.get("error").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: show it as it is
    }
    return body == null || body.isBlank() ? "(no body)" : body;
  }
}
