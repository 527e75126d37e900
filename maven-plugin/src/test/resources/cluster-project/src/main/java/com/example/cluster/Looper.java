package com.example.cluster;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.List;

/** Adds 1 to global {@code count}; schedules another iteration until {@code count} reaches {@code rounds}. */
@Task
public final class Looper implements TaskBody {
  static final String ROUNDS = "rounds";

  @Override
  public void run(TaskContext ctx) {
    int count = ctx.globals().find("count", Integer.class).orElse(0) + 1;
    ctx.globals().set("count", count);
    ctx.log().info("round %d of %d", count, ctx.globals().get(ROUNDS, Integer.class));
    if (count < ctx.globals().get(ROUNDS, Integer.class)) {
      ctx.world().scheduleNextIteration(List.of("node-1", "node-2", "node-3"), "everywhere");
    }
  }
}
