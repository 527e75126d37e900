package dev.manta.runtime.cluster;

import dev.manta.runtime.transport.Messages;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads a deployed run from its conductor: {@link #status()}, the run's {@link #file files} and its
 * {@link #logs log}, over HTTP with the deployment's token. Every call is bounded in time; every
 * failure is a {@link ConductorException} that says what went wrong. Thread-safe.
 *
 * <pre>{@code
 * ConductorClient c = new ConductorClient(URI.create("http://10.77.0.1:7070"), token);
 * ClusterStatus s = c.status();
 * }</pre>
 */
public final class ConductorClient {
  /** A call failed: the conductor is not reachable, refused the token, or answered an error. */
  public static final class ConductorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ConductorException(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The HTTP status the conductor answered, or 0 when it did not answer. */
    public int status() {
      return status;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /** A client of the conductor at {@code base} (e.g. {@code http://host:7070}) with the deployment's {@code token}. */
  public ConductorClient(URI base, String token) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(token, "token");
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.authorization = ClusterLayout.BEARER + token.trim();
    HttpEndpoints.limitClientKeepAlive();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The run's status. */
  public ClusterStatus status() {
    return Messages.fromJson(statusJson(), ClusterStatus.class);
  }

  /** The run's status as the conductor's JSON text (the fields of {@link ClusterStatus}). */
  public String statusJson() {
    return text(get(ClusterLayout.STATUS_PATH, TIMEOUT));
  }

  /**
   * One of the run's files ({@link ClusterLayout#FILES}): the report files once the run has ended
   * (before: a {@link ConductorException} with status 409), the journal at any time.
   */
  public byte[] file(String name) {
    if (!ClusterLayout.FILES.contains(name)) {
      throw new IllegalArgumentException("unknown file '" + name + "'; the conductor serves " + ClusterLayout.FILES);
    }
    return get(ClusterLayout.FILES_PATH + name, Duration.ofMinutes(5));
  }

  /**
   * The log lines after sequence number {@code after} (0: from the first kept), waiting up to
   * {@code wait} (at most 30 s) for one to come.
   */
  public LogPage logs(long after, Duration wait) {
    long seconds = Math.max(0, Math.min(30, wait.toSeconds()));
    return Messages.fromJson(text(get(ClusterLayout.LOGS_PATH + "?after=" + after + "&wait=" + seconds,
        TIMEOUT.plusSeconds(seconds))), LogPage.class);
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private byte[] get(String path, Duration timeout) {
    URI uri = base.resolve(path.substring(1));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header(ClusterLayout.AUTHORIZATION, authorization).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new ConductorException(0, "conductor not reachable at " + base + " (" + e + "); is the swarm deployed,"
          + " and is its port reachable from here?", e);
    } catch (HttpTimeoutException e) {
      throw new ConductorException(0, "the conductor at " + base + " did not answer " + path + " within "
          + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new ConductorException(0, "cannot talk to the conductor at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConductorException(0, "interrupted while waiting for the conductor at " + base, e);
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    String error = AgentClient.errorOf(text(response.body()));
    if (status == 401) {
      throw new ConductorException(401, "wrong token: the conductor at " + base + " refused it (" + error + ")", null);
    }
    throw new ConductorException(status, "the conductor at " + base + " answered " + status + " to " + path + ": "
        + error, null);
  }
}
