package dev.manta.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.runtime.cluster.ClusterLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The user side of the conductor's HTTP interface ({@link ClusterLayout#STATUS_PATH},
 * {@link ClusterLayout#FILES_PATH}, {@link ClusterLayout#LOGS_PATH}), every request with the
 * swarm's token and a bounded timeout.
 */
final class ConductorHttp {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final String swarm;
  private final HttpClient http;

  ConductorHttp(URI base, String token, String swarm) {
    this.base = base;
    this.token = token;
    this.swarm = swarm;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  URI base() {
    return base;
  }

  /** A page of log lines. */
  record LogPage(List<LogLine> lines, long next, boolean ended) {}

  String status() {
    HttpResponse<byte[]> r = get(ClusterLayout.STATUS_PATH, REQUEST_TIMEOUT);
    expectOk(r, ClusterLayout.STATUS_PATH);
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A file's bytes, or {@code null} when the conductor has none of that name (404). */
  byte[] file(String name) {
    String path = ClusterLayout.FILES_PATH + name;
    HttpResponse<byte[]> r = get(path, REQUEST_TIMEOUT);
    if (r.statusCode() == 404) {
      return null;
    }
    expectOk(r, path);
    return r.body();
  }

  LogPage logs(long after, Duration wait) {
    long seconds = Math.max(0, wait.toSeconds());
    String path = ClusterLayout.LOGS_PATH + "?after=" + after + "&wait=" + seconds;
    HttpResponse<byte[]> r = get(path, REQUEST_TIMEOUT.plus(Duration.ofSeconds(seconds)));
    expectOk(r, ClusterLayout.LOGS_PATH);
    return parseLogs(r.body(), after);
  }

  /**
   * Reads a logs answer: {@code {"lines": [{"seq": 1, "text": "…"}, …], "next": N, "ended": bool}}.
   */
  static LogPage parseLogs(byte[] body, long after) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, "the conductor's log answer "
          + "is not JSON: " + e.getMessage(), e);
    }
    List<LogLine> lines = new ArrayList<>();
    long last = after;
    for (JsonNode l : root.path("lines")) {
      long seq = l.path("seq").asLong();
      lines.add(new LogLine(seq, l.path("text").asText()));
      last = Math.max(last, seq);
    }
    long next = root.has("next") ? root.path("next").asLong() : last;
    return new LogPage(lines, next, root.path("ended").asBoolean(false));
  }

  private HttpResponse<byte[]> get(String path, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + token)
        .GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, "the conductor of swarm '"
          + swarm + "' does not answer at " + base + " (" + e + "); it may be starting or restarting, or its port "
          + "is not reachable from here", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MantaClientException(MantaClientException.Reason.TIMED_OUT, "interrupted while asking the conductor",
          e);
    }
  }

  private void expectOk(HttpResponse<byte[]> r, String path) {
    if (r.statusCode() == 401) {
      throw new MantaClientException(MantaClientException.Reason.UNAUTHORIZED, "the conductor of swarm '" + swarm
          + "' refused the token (401): the token file belongs to another deployment of this name; use the one the "
          + "deploy wrote");
    }
    if (r.statusCode() != 200) {
      throw new MantaClientException(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, "the conductor of swarm '"
          + swarm + "' answered " + r.statusCode() + " to GET " + path + ": "
          + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).strip());
    }
  }
}
