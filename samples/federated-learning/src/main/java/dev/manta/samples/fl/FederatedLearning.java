package dev.manta.samples.fl;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/**
 * Federated averaging over nodes that each hold a non-IID shard of the UCI digits: every round the
 * trainers (all nodes with dataset {@code digits}) train the global model locally, one aggregator
 * averages their models, one evaluator measures it on the held-out set, and the scheduler starts
 * another round until the accuracy reaches {@code accuracy_threshold} or {@code max_rounds} ran.
 */
@Swarm(name = "fl_experiment", maxIterations = 100)
public interface FederatedLearning {
  @Global(FlGlobals.WEIGHTS)
  default double[] weights() {
    return SoftmaxRegression.zeros();
  }

  @Global(FlGlobals.LEARNING_RATE)
  default double learningRate() {
    return 0.5;
  }

  @Global(FlGlobals.EPOCHS)
  default int epochs() {
    return 2;
  }

  @Global(FlGlobals.BATCH_SIZE)
  default int batchSize() {
    return 16;
  }

  @Global(FlGlobals.L2)
  default double l2() {
    return 0.0;
  }

  @Global(FlGlobals.SEED)
  default long seed() {
    return 42L;
  }

  @Global(FlGlobals.ACCURACY_THRESHOLD)
  default double accuracyThreshold() {
    return 0.90;
  }

  @Global(FlGlobals.MAX_ROUNDS)
  default int maxRounds() {
    return 30;
  }

  @Global(FlGlobals.HISTORY)
  default double[] history() {
    return new double[0];
  }

  @Task(method = Method.ALL)
  Trainer trainers();

  @Task(method = Method.ANY, maximum = 1)
  Aggregator aggregator(Trainer trainers);

  @Task(method = Method.ANY, maximum = 1)
  Evaluator evaluator(Aggregator aggregator);

  @Task(method = Method.ANY, maximum = 1)
  Scheduler scheduler(Evaluator evaluator);
}
