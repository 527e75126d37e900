package dev.manta.samples.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.samples.testkit.InMemoryWorld;
import dev.manta.validation.GraphValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DynamicWorkersTest {
  private static List<String> workers(int n) {
    return IntStream.range(0, n).mapToObj(i -> "worker_" + i).toList();
  }

  @Test
  void defaultIsFiveWorkersIntoACollector() {
    SwarmGraph g = new DynamicWorkers().prepareGraph();
    assertEquals("dynamic_workers", g.name());
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals(workers(5), g.task("collector").orElseThrow().upstreamAliases());
    assertEquals(List.of("collector"), g.sinks());
    assertEquals(5, g.global("num_workers").orElseThrow().value().asInt());
    assertEquals(DynamicWorkers.class.getName(), g.sourceClass());
  }

  @Test
  void launchTimeGlobalChangesTheShape() {
    SwarmGraph g = new DynamicWorkers(Map.of("num_workers", 3)).prepareGraph();
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals(List.of("worker_0", "worker_1", "worker_2", "collector"),
        g.tasks().stream().map(TaskSpec::alias).toList());
    assertTrue(g.tasks().stream().allMatch(t -> t.method() == Method.ANY));
    assertEquals(3, g.global("num_workers").orElseThrow().value().asInt());

    SwarmGraph big = new DynamicWorkers(Map.of("num_workers", "40", "steps", 4000)).prepareGraph();
    assertEquals(List.of(), GraphValidator.validate(big));
    assertEquals(workers(40), big.task("collector").orElseThrow().upstreamAliases());
    assertEquals(4000L, big.global("steps").orElseThrow().value().asLong());
  }

  @Test
  void oneWorkerIsPlainlyNamed() {
    SwarmGraph g = new DynamicWorkers(Map.of("num_workers", 1)).prepareGraph();
    assertEquals(List.of("worker"), g.task("collector").orElseThrow().upstreamAliases());
    assertEquals("worker", DynamicWorkers.workerAlias(0, 1));
  }

  @Test
  void badWorkerCountsAreClearErrors() {
    var zero = assertThrows(IllegalArgumentException.class,
        () -> new DynamicWorkers(Map.of("num_workers", 0)).prepareGraph());
    assertTrue(zero.getMessage().startsWith("[Manta/Copies]"), zero.getMessage());
    var words = assertThrows(IllegalArgumentException.class, () -> new DynamicWorkers(Map.of("num_workers", "many")));
    assertTrue(words.getMessage().contains("whole number"), words.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 7, 16})
  void slicesSumToPiWhateverTheWorkerCount(int n) {
    double sum = IntStream.range(0, n).mapToDouble(i -> PiSlices.slice(i, n, DynamicWorkers.DEFAULT_STEPS)).sum();
    assertEquals(Math.PI, sum, 1e-10);
  }

  @Test
  void workersThatShareANodeKeepTheirOwnSlices() throws Exception {
    int n = 7;
    InMemoryWorld world = InMemoryWorld.of(new DynamicWorkers(Map.of("num_workers", n)).prepareGraph());
    for (int i = 0; i < n; i++) {
      world.run(new Worker(), "worker_" + i, "node-" + (i % 2 + 1)); // seven workers on two nodes
    }
    world.run(new Collector(), "collector", "node-1");
    assertEquals(Math.PI, world.global(Collector.PI, Double.class), 1e-10);
  }

  @Test
  void collectorNamesTheWorkersThatPublishedNothing() throws Exception {
    InMemoryWorld world = InMemoryWorld.of(new DynamicWorkers().prepareGraph());
    world.run(new Worker(), "worker_0", "node-1");
    var e = assertThrows(IllegalStateException.class, () -> world.run(new Collector(), "collector", "node-1"));
    assertTrue(e.getMessage().contains("[worker_1, worker_2, worker_3, worker_4]"), e.getMessage());
  }
}
