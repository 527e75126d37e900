package com.example.fl;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.List;

/** Starts another round until the epochs are done. */
@Task
public final class Scheduler implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    if (ctx.world().iteration() < ctx.globals().get("epochs", Integer.class)) {
      ctx.world().scheduleNextIteration(List.of(), "trainers");
    }
  }
}
