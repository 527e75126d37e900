package dev.manta.bench.chain;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.Set;

/** The last step of {@link StepChain}: schedules the next iteration (its first step on this node) until {@code iterations} ran. */
@Task(method = Method.ANY, maximum = 1)
public final class Third implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    Step.start(ctx);
    if (ctx.world().iteration() < ctx.globals().get(Step.ITERATIONS, Integer.class)) {
      ctx.world().scheduleNextIteration(Set.of(ctx.world().nodeId()), "first");
    }
    Step.end(ctx);
  }
}
