package dev.manta.samples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the federated-learning algorithm in one process with the swarm's own defaults and math
 * classes: 8 nodes with non-IID shards of the real UCI digits, FedAvg rounds until the stopping
 * rule fires. No runtime involved: each "node" is a loop iteration.
 */
class FederatedAveragingTest {
  static final int NODES = 8;

  /** The swarm's @Global defaults, evaluated the way launching the swarm evaluates computed globals. */
  static FederatedLearning defaults() {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      throw new UnsupportedOperationException(method.getName() + " is a task, not a global");
    };
    return (FederatedLearning) Proxy.newProxyInstance(FederatedLearning.class.getClassLoader(),
        new Class<?>[] {FederatedLearning.class}, handler);
  }

  /** FedAvg rounds in one process, with the swarm's settings, until its stopping rule fires; the accuracy per round. */
  static List<Double> simulate(DigitsPartitioner.Split split, FederatedLearning swarm) {
    SoftmaxRegression.Hyperparameters h = new SoftmaxRegression.Hyperparameters(
        swarm.learningRate(), swarm.epochs(), swarm.batchSize(), swarm.l2());
    StoppingRule rule = new StoppingRule(swarm.accuracyThreshold(), swarm.maxRounds());
    double[] global = swarm.weights();
    List<Double> history = new ArrayList<>();
    int round = 0;
    double accuracy;
    do {
      round++;
      Map<String, double[]> weights = new TreeMap<>();
      Map<String, Integer> samples = new TreeMap<>();
      for (int n = 0; n < split.nodes().size(); n++) {
        String node = DigitsPartitioner.Split.nodeId(n);
        Digits shard = split.nodes().get(n);
        weights.put(node, SoftmaxRegression.train(global, shard, h, FedAvg.localSeed(swarm.seed(), node, round)));
        samples.put(node, shard.size());
      }
      global = FedAvg.average(weights, samples);
      accuracy = SoftmaxRegression.accuracy(global, split.test());
      history.add(accuracy);
    } while (!rule.done(round, accuracy));
    return history;
  }

  @Test
  void fedAvgOnNonIidShardsReachesTheThresholdWithinTheRoundLimit() {
    FederatedLearning swarm = defaults();
    DigitsPartitioner.Split split = DigitsPartitioner.split(DigitsCsv.bundled(), NODES, swarm.seed());
    List<Double> history = simulate(split, swarm);
    for (int r = 0; r < history.size(); r++) {
      System.out.printf("round %d accuracy %.4f%n", r + 1, history.get(r));
    }
    double last = history.get(history.size() - 1);
    assertTrue(last >= 0.90, "FedAvg ended after " + history.size() + " rounds at accuracy " + last + "; history " + history);
    assertTrue(history.size() <= swarm.maxRounds());
    // It stopped as soon as the threshold was reached, not later.
    assertTrue(history.subList(0, history.size() - 1).stream().allMatch(a -> a < 0.90), "history " + history);
    // The model learned over the rounds: round 1 is far below the end.
    assertTrue(history.get(0) < last - 0.2, "history " + history);
  }

  @Test
  void eachNodeAloneLearnsOnlyItsOwnFewClasses() {
    // Why federation is needed here: a model trained on one node's shard cannot pass the threshold.
    FederatedLearning swarm = defaults();
    DigitsPartitioner.Split split = DigitsPartitioner.split(DigitsCsv.bundled(), NODES, swarm.seed());
    SoftmaxRegression.Hyperparameters h = new SoftmaxRegression.Hyperparameters(
        swarm.learningRate(), 10, swarm.batchSize(), swarm.l2());
    for (int n = 0; n < NODES; n++) {
      double[] w = SoftmaxRegression.train(swarm.weights(), split.nodes().get(n), h, n);
      double acc = SoftmaxRegression.accuracy(w, split.test());
      assertTrue(acc < 0.5, "node " + (n + 1) + " alone reached " + acc);
    }
  }

  @Test
  void centralisedTrainingOnAllShardsIsTheUpperBound() {
    FederatedLearning swarm = defaults();
    DigitsPartitioner.Split split = DigitsPartitioner.split(DigitsCsv.bundled(), NODES, swarm.seed());
    Digits pooled = Digits.concat(split.nodes());
    double[] w = SoftmaxRegression.train(swarm.weights(), pooled,
        new SoftmaxRegression.Hyperparameters(swarm.learningRate(), 20, swarm.batchSize(), swarm.l2()), 1);
    double acc = SoftmaxRegression.accuracy(w, split.test());
    System.out.printf("centralised accuracy %.4f%n", acc);
    assertTrue(acc >= 0.93, "centralised softmax regression reached only " + acc);
  }

  @Test
  void swarmDefaultsAreAStartingModelOfTheRightShape() {
    FederatedLearning swarm = defaults();
    assertEquals(SoftmaxRegression.PARAMETERS, swarm.weights().length);
    assertEquals(0.90, swarm.accuracyThreshold());
    assertEquals(30, swarm.maxRounds());
    assertEquals(0, swarm.history().length);
  }
}
