package dev.manta.bench.chain;

import dev.manta.TaskContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** What the three steps share: the start and end log lines, and the HTTP round-trip baseline. */
final class Step {
  static final String ITERATIONS = "iterations";
  /** Round trips timed per iteration by {@link First}. */
  static final int ROUND_TRIPS = 10;

  private Step() {}

  /** Wall-clock microseconds since the epoch (the containers share the machine's clock). */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  static void start(TaskContext ctx) {
    ctx.log().info("start %d", micros());
  }

  static void end(TaskContext ctx) {
    ctx.log().info("end %d", micros());
  }

  /**
   * Times {@link #ROUND_TRIPS} sequential {@code GET /v1/status} requests from this agent's
   * container to the conductor on one kept-alive connection (after one untimed request) and logs
   * each as {@code rtt <micros>}: the same containers and network a step's messages cross.
   */
  static void roundTrips(TaskContext ctx) {
    String url = System.getenv("MANTA_CONDUCTOR_URL");
    if (url == null) {
      ctx.log().warn("no MANTA_CONDUCTOR_URL: not on a cluster, no round trips timed");
      return;
    }
    try {
      String token = Files.readString(Path.of(System.getenv().getOrDefault("MANTA_TOKEN_FILE",
          "/run/secrets/manta-token"))).strip();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/status")).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + token).GET().build();
      client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      for (int i = 0; i < ROUND_TRIPS; i++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - t0) / 1_000;
        if (response.statusCode() != 200) {
          ctx.log().warn("GET /v1/status answered %d", response.statusCode());
          return;
        }
        ctx.log().info("rtt %d", micros);
      }
    } catch (IOException e) {
      ctx.log().warn("round trips failed: %s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
