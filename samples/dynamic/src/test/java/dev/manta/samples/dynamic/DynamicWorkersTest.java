package dev.manta.samples.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.SwarmCatalog;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.validation.GraphValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  void theWorkerCountGlobalDecidesHowManyWorkersRunAndTheCollectorSumsThem() {
    // As mvn manta:run -Dmanta.globals=num_workers=8 does it: the catalog finds the definition the
    // processor indexed and builds its graph with the launch-time globals.
    Map<String, Object> globals = Map.of("num_workers", 8, "steps", 80_000);
    RunReport r = LocalRun.builder(SwarmCatalog.load().source(DynamicWorkers.NAME, globals))
        .nodes(3).seed(2).globals(globals).build().run().requireCompleted();

    assertEquals(8, r.global(DynamicWorkers.NUM_WORKERS, Integer.class));
    double sum = 0;
    for (String alias : workers(8)) {
      assertEquals(1, r.succeededNodes(alias, 1).size(), alias);
      Map<String, Double> slice = r.results(1, alias, Double.class);
      assertEquals(1, slice.size(), alias);
      sum += slice.values().iterator().next();
    }
    assertEquals(9, r.instances().size(), "8 workers and 1 collector: " + r.summary());
    assertEquals(sum, r.global(Collector.PI, Double.class), 1e-15);
    assertEquals(Math.PI, r.global(Collector.PI, Double.class), 1e-9);
  }

  @Test
  void workersThatShareANodeKeepTheirOwnSlices() {
    // Seven workers on two nodes: their results are tagged by alias, so none overwrites another.
    RunReport r = LocalRun.builder(new DynamicWorkers(Map.of("num_workers", 7))).nodes(2).build().run()
        .requireCompleted();
    Set<String> nodes = new TreeSet<>();
    workers(7).forEach(w -> nodes.addAll(r.succeededNodes(w, 1)));
    assertEquals(Set.of("node-1", "node-2"), nodes);
    assertEquals(Math.PI, r.global(Collector.PI, Double.class), 1e-10);
  }

  @Test
  void collectorNamesTheWorkersThatPublishedNothing() {
    // A graph that declares five workers in its globals but runs only worker_0.
    SwarmGraph partial = Swarms.define("partial", s -> {
      s.setGlobal(DynamicWorkers.NUM_WORKERS, 5);
      s.setGlobal(DynamicWorkers.STEPS, 1_000L);
      var worker = s.task(Worker.class, t -> t.alias("worker_0"));
      var collector = s.task(Collector.class, t -> t.alias("collector"));
      s.flow(collector.after(worker));
    });
    RunReport r = LocalRun.builder(partial).nodes(1).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    assertTrue(r.failure().orElseThrow().contains("[worker_1, worker_2, worker_3, worker_4]"), r.failure().orElseThrow());
  }
}
