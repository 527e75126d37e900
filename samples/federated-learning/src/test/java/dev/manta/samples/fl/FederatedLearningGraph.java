package dev.manta.samples.fl;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;

/**
 * The DSL equivalent of {@link FederatedLearning}, written by hand until the annotation processor
 * generates {@code MantaFederatedLearning}; then tests should take the generated graph instead.
 */
final class FederatedLearningGraph {
  private FederatedLearningGraph() {}

  static SwarmGraph define() {
    FederatedLearning d = FederatedAveragingTest.defaults();
    return Swarms.define("fl_experiment", s -> {
      s.maxIterations(100);
      s.setGlobal(FlGlobals.WEIGHTS, d.weights());
      s.setGlobal(FlGlobals.LEARNING_RATE, d.learningRate());
      s.setGlobal(FlGlobals.EPOCHS, d.epochs());
      s.setGlobal(FlGlobals.BATCH_SIZE, d.batchSize());
      s.setGlobal(FlGlobals.L2, d.l2());
      s.setGlobal(FlGlobals.SEED, d.seed());
      s.setGlobal(FlGlobals.ACCURACY_THRESHOLD, d.accuracyThreshold());
      s.setGlobal(FlGlobals.MAX_ROUNDS, d.maxRounds());
      s.setGlobal(FlGlobals.HISTORY, d.history());
      var trainers = s.task(Trainer.class, t -> t.alias("trainers").method(Method.ALL));
      var aggregator = s.task(Aggregator.class, t -> t.alias("aggregator").method(Method.ANY).maximum(1));
      var evaluator = s.task(Evaluator.class, t -> t.alias("evaluator").method(Method.ANY).maximum(1));
      var scheduler = s.task(Scheduler.class, t -> t.alias("scheduler").method(Method.ANY).maximum(1));
      s.flow(scheduler.after(evaluator.after(aggregator.after(trainers))));
    });
  }
}
