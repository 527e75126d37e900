package com.example.tally;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Publishes result {@code count}: the number in its node's id ({@code node-3} counts 3) times global {@code scale}. */
@Task
public final class Count implements TaskBody {
  static final String SCALE = "scale";
  static final String COUNT = "count";

  @Override
  public void run(TaskContext ctx) {
    String node = ctx.world().nodeId();
    int count = Integer.parseInt(node.substring(node.lastIndexOf('-') + 1)) * ctx.globals().get(SCALE, Integer.class);
    ctx.results().add(COUNT, count);
    ctx.log().info("%s counted %d", node, count);
  }
}
