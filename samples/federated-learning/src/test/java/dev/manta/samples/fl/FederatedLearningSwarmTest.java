package dev.manta.samples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.validation.GraphValidator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the processor-generated {@code MantaFederatedLearning} on the local runtime, on real node
 * folders that {@link DigitsPartitioner} writes (one folder per node, one dataset per file).
 */
class FederatedLearningSwarmTest {
  @TempDir Path nodes;

  @Test
  void generatedGraphIsValidAndInRoundOrder() {
    SwarmGraph g = new MantaFederatedLearning().graph();
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals("fl_experiment", g.name());
    assertEquals(List.of("trainers", "aggregator", "evaluator", "scheduler"), g.topologicalOrder());
    assertEquals(Method.ALL, g.task("trainers").orElseThrow().method());
    assertEquals(1, g.task("aggregator").orElseThrow().effectiveMaximum());
    assertEquals(List.of("scheduler"), g.sinks());
  }

  @Test
  void eightNodesTrainRoundsUntilTheThresholdAndTheSwarmCompletes() throws Exception {
    int nodeCount = FederatedAveragingTest.NODES;
    FederatedLearning defaults = FederatedAveragingTest.defaults();
    DigitsPartitioner.Split split = DigitsPartitioner.writeNodeFolders(nodes, nodeCount, defaults.seed());

    RunReport r = LocalRun.builder(new MantaFederatedLearning())
        .nodes(Nodes.fromDirectory(nodes))
        .seed(1)
        .build()
        .run();

    assertEquals(RunStatus.COMPLETED, r.status(), r.summary());
    double[] history = r.global(FlGlobals.HISTORY, double[].class);
    double accuracy = r.global(FlGlobals.ACCURACY, Double.class);
    int rounds = r.global(FlGlobals.ROUNDS, Integer.class);
    assertTrue(accuracy >= 0.90, "accuracy " + accuracy + ", history " + Arrays.toString(history));
    // The globals hold the whole story: one accuracy per round, the last one is the final accuracy.
    assertEquals(rounds, r.iterations());
    assertEquals(rounds, history.length);
    assertEquals(accuracy, history[history.length - 1]);
    assertTrue(rounds > 1 && rounds <= defaults.maxRounds(), "rounds " + rounds);
    // It learned over the rounds (increasing-ish: no round falls far below the best before it),
    // and stopped at the first round that reached the threshold.
    assertTrue(history[0] < accuracy - 0.2, Arrays.toString(history));
    double best = 0;
    for (int i = 0; i < history.length; i++) {
      assertTrue(history[i] > best - 0.05, "round " + (i + 1) + " fell to " + history[i] + ": " + Arrays.toString(history));
      best = Math.max(best, history[i]);
      if (i < history.length - 1) {
        assertTrue(history[i] < 0.90, "round " + (i + 1) + " already reached the threshold: " + Arrays.toString(history));
      }
    }
    // The distributed run computes exactly what FedAvg computes in one process on the same shards.
    assertEquals(FederatedAveragingTest.simulate(split, defaults), Arrays.stream(history).boxed().toList());

    // Every round trained on all eight nodes (the scheduler passes this round's trainers on), and
    // only the node holding the test set evaluated.
    Set<String> trainerNodes = new TreeSet<>(IntStream.range(0, nodeCount).mapToObj(DigitsPartitioner.Split::nodeId).toList());
    for (int round = 1; round <= rounds; round++) {
      assertEquals(trainerNodes, r.succeededNodes("trainers", round), "round " + round);
      assertEquals(nodeCount, r.results(round, FlGlobals.RESULT_WEIGHTS, double[].class).size());
      assertEquals(Set.of("test"), r.succeededNodes("evaluator", round));
    }
    InstanceReport firstEvaluation = r.instances("evaluator", 1).get(0);
    String expected = String.format(Locale.ROOT, "round 1 accuracy %.4f (%d test images)", history[0], split.test().size());
    assertTrue(firstEvaluation.logs().stream().anyMatch(l -> l.contains(expected)), firstEvaluation.logs().toString());
  }

  @Test
  void aLaunchTimeThresholdBelowTheFirstRoundEndsAfterOneRound() throws Exception {
    DigitsPartitioner.writeNodeFolders(nodes, 4, 7);
    RunReport r = LocalRun.builder(new MantaFederatedLearning())
        .nodes(nodes)
        .global(FlGlobals.ACCURACY_THRESHOLD, 0.05)
        .build()
        .run()
        .requireCompleted();
    assertEquals(1, r.iterations());
    assertEquals(1, r.global(FlGlobals.ROUNDS, Integer.class));
    assertEquals(1, r.global(FlGlobals.HISTORY, double[].class).length);
  }
}
