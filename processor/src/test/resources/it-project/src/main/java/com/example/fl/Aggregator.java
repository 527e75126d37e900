package com.example.fl;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** Averages the trainers' weights into the global model. */
@Task
public final class Aggregator implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    var all = ctx.results().select("weights", double[].class).values();
    double[] mean = new double[all.iterator().next().length];
    for (double[] w : all) {
      for (int i = 0; i < w.length; i++) {
        mean[i] += w[i] / all.size();
      }
    }
    ctx.globals().set("weights", mean);
  }
}
