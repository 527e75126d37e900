package com.example.tally;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Sets global {@code total} to the sum of this iteration's {@code count} results. */
@Task
public final class Sum implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    int total = ctx.results().select(Count.COUNT, Integer.class).values().stream().mapToInt(Integer::intValue).sum();
    ctx.globals().set("total", total);
    ctx.log().info("total %d", total);
  }
}
