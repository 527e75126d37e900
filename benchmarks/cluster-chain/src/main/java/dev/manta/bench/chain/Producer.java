package dev.manta.bench.chain;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Adds the 1 MiB results, timing each add ({@code add <micros>}); serves the baseline's bytes. */
@Task(method = Method.ANY, maximum = 1)
public final class Producer implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    try {
      ctx.globals().set(Blob.URL, Blob.serve());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the baseline's bytes on port " + Blob.PORT, e);
    }
    int n = ctx.globals().get(Blob.RESULTS, Integer.class);
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      ctx.results().add("blob-" + i, Blob.BYTES);
      ctx.log().info("add %d", (System.nanoTime() - t0) / 1000);
    }
  }
}
