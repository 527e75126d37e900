package dev.manta.bench.chain;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/** A step of {@link StepChain}; also times the HTTP round-trip baseline between its steps. */
@Task(method = Method.ANY, maximum = 1)
public final class First implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    Step.start(ctx);
    Step.roundTrips(ctx);
    Step.end(ctx);
  }
}
