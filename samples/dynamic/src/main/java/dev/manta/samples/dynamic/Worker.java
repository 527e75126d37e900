package dev.manta.samples.dynamic;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/**
 * Computes its slice of the work. It finds its slice from its alias ({@code worker_3} is slice 3)
 * and publishes the sum under its alias as the tag, so workers that share a node do not overwrite
 * each other's results.
 */
@Task(method = Method.ANY)
public final class Worker implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    int workers = ctx.globals().get(DynamicWorkers.NUM_WORKERS, Integer.class);
    long steps = ctx.globals().get(DynamicWorkers.STEPS, Long.class);
    int index = DynamicWorkers.workerIndex(ctx.world().taskAlias());
    double part = PiSlices.slice(index, workers, steps);
    ctx.results().add(ctx.world().taskAlias(), part);
    ctx.log().info("slice %d of %d: %.12f", index, workers, part);
  }
}
