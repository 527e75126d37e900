package dev.manta.samples.dynamic;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sums every worker's slice into global {@code pi}; fails naming the workers that published nothing. */
@Task(method = Method.ANY, maximum = 1)
public final class Collector implements TaskBody {
  public static final String PI = "pi";

  @Override
  public void run(TaskContext ctx) {
    int workers = ctx.globals().get(DynamicWorkers.NUM_WORKERS, Integer.class);
    double sum = 0;
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      String alias = DynamicWorkers.workerAlias(i, workers);
      Map<String, Double> part = ctx.results().select(alias, Double.class);
      if (part.isEmpty()) {
        missing.add(alias);
      } else {
        // A worker retried on another node may have published twice; its slices are equal.
        sum += part.values().iterator().next();
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("workers " + missing + " published no slice; the sum would be short. "
          + "Check their logs for the failure");
    }
    ctx.globals().set(PI, sum);
    ctx.log().info("%d workers: pi = %.12f (error %.1e)", workers, sum, Math.abs(sum - Math.PI));
  }
}
