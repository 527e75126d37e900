package com.example.fl;

import dev.manta.Driver;
import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Network;
import dev.manta.Swarm;
import dev.manta.Task;

@Swarm(name = "fl_experiment", networks = @Network(name = "backend", driver = Driver.OVERLAY))
public interface FederatedLearning {
  @Global("epochs") default int epochs() { return 10; }

  @Global("weights") default double[] weights() { return new double[650]; }

  @Task(method = Method.ALL) Trainer trainers();

  @Task(method = Method.ANY, maximum = 1) Aggregator aggregator(Trainer trainer);

  @Task(method = Method.ANY, maximum = 1) Scheduler scheduler(Aggregator aggregator);
}
