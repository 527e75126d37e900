package com.example.fault;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/**
 * The fault tests' swarm: {@code everywhere} on every node (node-N pauses N × {@code pause_ms}, so
 * its results arrive one by one), then {@code counter}, one instance on node-2 or node-3 that may
 * move once, which counts rounds into global {@code count} and runs another iteration until
 * {@code rounds}.
 */
@Swarm(name = "fault_check", maxIterations = 20)
public interface FaultCheck {
  @Global(Counter.ROUNDS)
  default int rounds() {
    return 2;
  }

  @Global(Stepper.PAUSE_MS)
  default int pauseMs() {
    return 0;
  }

  @Global(Stepper.BLOB_CHARS)
  default int blobChars() {
    return 0;
  }

  @Global(Counter.COUNTER_PAUSES)
  default int counterPauses() {
    return 1;
  }

  @Task(method = Method.ALL)
  Stepper everywhere();

  @Task(method = Method.ANY, maximum = 2, specifiedIds = {"node-2", "node-3"})
  Counter counter(Stepper everywhere);
}
