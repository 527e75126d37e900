package com.example.tally;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/** One task that holds the run until a file exists: for runs that overlap. */
@Swarm(name = "gated")
public interface Gated {
  @Global("gate")
  default String gate() {
    return "gate";
  }

  @Task(method = Method.ANY, maximum = 1)
  Hold hold();
}
