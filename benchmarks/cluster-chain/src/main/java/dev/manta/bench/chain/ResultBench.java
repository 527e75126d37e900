package dev.manta.bench.chain;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/**
 * Result throughput: {@link Producer} adds {@code results} results of 1 MiB each, {@link Consumer}
 * (on any node) selects them, then fetches the same bytes as often straight from the producer's
 * container over plain HTTP (the baseline); {@code iterations} times.
 */
@Swarm(name = "result_bench", maxIterations = 20)
public interface ResultBench {
  @Global(Blob.ITERATIONS)
  default int iterations() {
    return 3;
  }

  @Global(Blob.RESULTS)
  default int results() {
    return 16;
  }

  @Task(method = Method.ANY, maximum = 1)
  Producer producer();

  @Task(method = Method.ANY, maximum = 1)
  Consumer consumer(Producer producer);
}
