package com.example.fault;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/**
 * Pauses N × global {@code pause_ms} on node-N, then publishes results {@code node} and {@code step};
 * in the last round ({@code rounds}) node-3 then logs {@code uploading} and publishes result
 * {@code blob} of {@code blob_chars} characters (none when 0), the same every run.
 */
@Task
public final class Stepper implements TaskBody {
  static final String PAUSE_MS = "pause_ms";
  static final String BLOB_CHARS = "blob_chars";

  @Override
  public void run(TaskContext ctx) throws Exception {
    String node = ctx.world().nodeId();
    int n = Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
    Thread.sleep((long) n * ctx.globals().get(PAUSE_MS, Integer.class));
    ctx.results().add("node", node);
    ctx.results().add("step", ctx.world().iteration() * 10 + n);
    int blob = ctx.globals().get(BLOB_CHARS, Integer.class);
    if (blob > 0 && n == 3 && ctx.world().iteration() == ctx.globals().get(Counter.ROUNDS, Integer.class)) {
      StringBuilder text = new StringBuilder(blob);
      for (int i = 0; text.length() < blob; i++) {
        text.append((char) ('a' + i % 26));
      }
      ctx.log().info("uploading %d characters", blob);
      ctx.results().add("blob", text.toString());
    }
  }
}
