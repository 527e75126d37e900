package dev.manta.samples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.graph.SwarmGraph;
import dev.manta.samples.testkit.InMemoryWorld;
import dev.manta.validation.GraphValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.manta.samples.testkit.SwarmInterfaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the swarm's task classes round by round against an in-memory world (globals and results
 * through JSON, datasets from the folders {@link DigitsPartitioner} writes), in graph order. Until
 * the runtime lands this is how the task code is exercised; the runtime's local transport should
 * replace the hand-written loop.
 */
class FederatedLearningSwarmTest {
  @TempDir Path nodes;

  @Test
  void graphIsValid() {
    SwarmGraph g = FederatedLearningGraph.define();
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals(List.of("trainers", "aggregator", "evaluator", "scheduler"), g.topologicalOrder());
    assertEquals(Method.ALL, g.task("trainers").orElseThrow().method());
    assertEquals(1, g.task("aggregator").orElseThrow().effectiveMaximum());
    assertEquals(List.of("scheduler"), g.sinks());
  }

  @Test
  void tasksRunRoundsUntilTheThresholdAndTheSwarmCompletes() throws Exception {
    int nodeCount = FederatedAveragingTest.NODES;
    FederatedLearning swarm = FederatedAveragingTest.defaults();
    DigitsPartitioner.Split split = DigitsPartitioner.writeNodeFolders(nodes, nodeCount, swarm.seed());
    InMemoryWorld world = InMemoryWorld.of(FederatedLearningGraph.define()).nodeFolders(nodes);
    List<String> trainerNodes = world.nodesWith(DigitsPartitioner.TRAIN_DATASET);
    String evaluatorNode = world.nodesWith(DigitsPartitioner.TEST_DATASET).get(0);
    assertEquals(nodeCount, trainerNodes.size());
    assertEquals("test", evaluatorNode);

    List<Set<String>> trainersPerRound = new ArrayList<>();
    Set<String> trainersNow = new TreeSet<>(trainerNodes);
    Optional<InMemoryWorld.Schedule> next;
    do {
      trainersPerRound.add(trainersNow);
      for (String node : trainersNow) {
        world.run(new Trainer(), "trainers", node);
      }
      world.run(new Aggregator(), "aggregator", trainerNodes.get(0));
      world.run(new Evaluator(), "evaluator", evaluatorNode);
      world.run(new Scheduler(), "scheduler", evaluatorNode);
      next = world.endIteration();
      if (next.isPresent()) {
        assertEquals("trainers", next.get().alias());
        trainersNow = next.get().nodeIds();
      }
    } while (next.isPresent() && world.iteration() <= swarm.maxRounds() + 1);

    double[] history = world.global(FlGlobals.HISTORY, double[].class);
    double accuracy = world.global(FlGlobals.ACCURACY, Double.class);
    int rounds = world.global(FlGlobals.ROUNDS, Integer.class);
    assertTrue(!world.stopped(), "the swarm should complete, not be stopped");
    assertTrue(accuracy >= 0.90, "accuracy " + accuracy + ", history " + Arrays.toString(history));
    assertEquals(history.length, rounds);
    assertEquals(accuracy, history[history.length - 1]);
    // Every round ran on all trainer nodes: the scheduler passes this round's trainers on.
    trainersPerRound.forEach(r -> assertEquals(Set.copyOf(trainerNodes), r));
    // The tasks compute exactly what the in-process algorithm computes.
    List<Double> expected = FederatedAveragingTest.simulate(split, swarm);
    assertEquals(expected, Arrays.stream(history).boxed().toList());
    assertTrue(world.log().contains(String.format(java.util.Locale.ROOT, "[evaluator@test] INFO round 1 accuracy %.4f (%d test images)",
        history[0], split.test().size())), String.join("\n", world.log()));
    // Each round's aggregate is the FedAvg of the trainers' published weights.
    assertEquals(nodeCount, world.results(1, FlGlobals.RESULT_WEIGHTS, double[].class).size());
  }

  @Test
  void dslEquivalentMatchesTheAnnotatedInterface() {
    assertEquals(List.of(), SwarmInterfaces.differences(FederatedLearning.class, FederatedLearningGraph.define()));
  }
}
