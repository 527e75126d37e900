package dev.manta.bench.chain;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/**
 * Three one-instance steps in a chain, repeated for {@code iterations} iterations: every edge
 * (first → second → third → next iteration's first) is one step whose latency the instances'
 * {@code start}/{@code end} log lines give.
 */
@Swarm(name = "step_chain", maxIterations = 100)
public interface StepChain {
  @Global(Step.ITERATIONS)
  default int iterations() {
    return 50;
  }

  @Task(method = Method.ANY, maximum = 1)
  First first();

  @Task(method = Method.ANY, maximum = 1)
  Second second(First first);

  @Task(method = Method.ANY, maximum = 1)
  Third third(Second second);
}
