package dev.manta.bench.chain;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Selects each 1 MiB result ({@code select <micros>}), checks its bytes, then fetches the same bytes
 * from the producer's container over plain HTTP as often ({@code raw <micros>}, one kept-alive
 * connection after one untimed fetch); schedules the next iteration until {@code iterations} ran.
 */
@Task(method = Method.ANY, maximum = 1)
public final class Consumer implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    int n = ctx.globals().get(Blob.RESULTS, Integer.class);
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Map<String, byte[]> got = ctx.results().select("blob-" + i, byte[].class);
      long micros = (System.nanoTime() - t0) / 1000;
      if (got.size() != 1 || !Arrays.equals(got.values().iterator().next(), Blob.BYTES)) {
        throw new IllegalStateException("result blob-" + i + " did not come back intact: " + got.keySet());
      }
      ctx.log().info("select %d", micros);
    }
    String url = ctx.globals().get(Blob.URL, String.class);
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
      client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        byte[] body = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
        long micros = (System.nanoTime() - t0) / 1000;
        if (!Arrays.equals(body, Blob.BYTES)) {
          throw new IllegalStateException("the raw fetch from " + url + " returned " + body.length + " other bytes");
        }
        ctx.log().info("raw %d", micros);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the baseline fetch from " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (ctx.world().iteration() < ctx.globals().get(Blob.ITERATIONS, Integer.class)) {
      ctx.world().scheduleNextIteration(Set.of(ctx.world().nodeId()), "producer");
    }
  }
}
