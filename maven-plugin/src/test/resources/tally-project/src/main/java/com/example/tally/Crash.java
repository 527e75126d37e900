package com.example.tally;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Always throws, naming its node. */
@Task
public final class Crash implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    throw new IllegalStateException("disk full on " + ctx.world().nodeId());
  }
}
