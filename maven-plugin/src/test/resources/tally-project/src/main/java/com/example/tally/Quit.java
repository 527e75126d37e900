package com.example.tally;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Calls System.exit(0) on node-2, as a careless task would; the other nodes finish. */
@Task
public final class Quit implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    if (ctx.world().nodeId().equals("node-2")) {
      System.exit(0);
    }
  }
}
