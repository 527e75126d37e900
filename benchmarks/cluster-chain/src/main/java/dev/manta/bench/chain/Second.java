package dev.manta.bench.chain;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** A step of {@link StepChain}. */
@Task(method = Method.ANY, maximum = 1)
public final class Second implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    Step.start(ctx);

    Step.end(ctx);
  }
}
