package com.example.tally;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Waits (at most two minutes) until the file named by global {@code gate} exists. */
@Task
public final class Hold implements TaskBody {
  @Override
  public void run(TaskContext ctx) throws Exception {
    Path gate = Path.of(ctx.globals().get("gate", String.class));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(gate)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gate " + gate + " never opened");
      }
      Thread.sleep(50);
    }
    ctx.log().info("gate %s open", gate);
  }
}
