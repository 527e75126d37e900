package com.example.fl;

import dev.manta.Resources;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Trains on this node's digits and publishes its weights. */
@Task(datasets = "digits", resources = @Resources(cpu = 2, memory = "4Gi"))
public final class Trainer implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    double[] weights = ctx.globals().get("weights", double[].class);
    ctx.results().add("weights", weights);
  }
}
