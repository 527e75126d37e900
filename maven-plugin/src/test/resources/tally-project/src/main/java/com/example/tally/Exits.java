package com.example.tally;

import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/** A swarm whose task ends the JVM on node-2. */
@Swarm(name = "exits")
public interface Exits {
  @Task(method = Method.ALL)
  Quit quit();
}
