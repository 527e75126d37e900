package com.example.tally;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/** Every node counts; then one node adds the counts up into global {@code total}. */
@Swarm(name = "tally")
public interface Tally {
  @Global(Count.SCALE)
  default int scale() {
    return 1;
  }

  @Task(method = Method.ALL)
  Count count();

  @Task(method = Method.ANY, maximum = 1)
  Sum sum(Count count);
}
