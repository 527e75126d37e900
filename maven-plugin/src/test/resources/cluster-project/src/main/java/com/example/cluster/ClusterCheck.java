package com.example.cluster;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/**
 * Where tasks run on a cluster: {@code everywhere} on every node, {@code pinned} only on node-3,
 * {@code reader} only where dataset "digits" is; {@code looper} counts rounds into global
 * {@code count} and runs another iteration until {@code rounds}.
 */
@Swarm(name = "cluster_check", maxIterations = 20)
public interface ClusterCheck {
  @Global(Looper.ROUNDS)
  default int rounds() {
    return 2;
  }

  @Global(Marker.PAUSE_MS)
  default int pauseMs() {
    return 0;
  }

  @Task(method = Method.ALL)
  Marker everywhere();

  @Task(method = Method.ALL, specifiedIds = "node-3")
  Marker pinned(Marker everywhere);

  @Task(method = Method.ALL)
  Reader reader(Marker pinned);

  @Task(method = Method.ANY, maximum = 1)
  Looper looper(Reader reader);
}
