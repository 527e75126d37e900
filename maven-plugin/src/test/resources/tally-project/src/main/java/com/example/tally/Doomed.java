package com.example.tally;

import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/** A swarm whose only task fails on every node. */
@Swarm(name = "doomed")
public interface Doomed {
  @Task(method = Method.ALL)
  Crash crash();
}
