package com.example.cluster;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Publishes result {@code node} (its node's id) after pausing global {@code pause_ms} milliseconds. */
@Task
public final class Marker implements TaskBody {
  static final String PAUSE_MS = "pause_ms";

  @Override
  public void run(TaskContext ctx) throws Exception {
    Thread.sleep(ctx.globals().get(PAUSE_MS, Integer.class));
    ctx.results().add("node", ctx.world().nodeId());
  }
}
