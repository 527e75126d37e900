package com.example.fault;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Pauses N × global {@code pause_ms} on node-N, then publishes results {@code node} and {@code step}. */
@Task
public final class Stepper implements TaskBody {
  static final String PAUSE_MS = "pause_ms";

  @Override
  public void run(TaskContext ctx) throws Exception {
    String node = ctx.world().nodeId();
    int n = Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
    Thread.sleep((long) n * ctx.globals().get(PAUSE_MS, Integer.class));
    ctx.results().add("node", node);
    ctx.results().add("step", ctx.world().iteration() * 10 + n);
  }
}
