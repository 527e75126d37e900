package dev.manta.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.report.RunReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SwarmTest(nodes = 3, seed = 5)
class SwarmTestExtensionTest {
  static final class Count implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ctx.results().add("n", ctx.globals().get("base", Integer.class) + 1);
    }
  }

  private static final SwarmGraph GRAPH = Swarms.define("ext", s -> {
    s.computedGlobal("base", "int");
    s.task(Count.class, t -> t.alias("count").method(Method.ALL));
  });

  @Test
  void injectsATesterWithTheClassSettings(SwarmTester swarm) {
    RunReport r = swarm.run(GRAPH, Map.of("base", 1)).requireCompleted();
    assertEquals(3, r.nodes("count", 1).size());
    assertEquals(Map.of("count/node-1", 2, "count/node-2", 2, "count/node-3", 2), r.results(1, "n", Integer.class));
  }

  @Test
  @SwarmTest(nodes = 2)
  void aMethodAnnotationOverridesTheClassOne(SwarmTester swarm) {
    TaskBody ten = ctx -> ctx.results().add("n", 10);
    RunReport r = swarm.task(Count.class, () -> ten).run(GRAPH, Map.of("base", 0)).requireCompleted();
    assertEquals(Map.of("count/node-1", 10, "count/node-2", 10), r.results(1, "n", Integer.class));
  }

  @Test
  @SwarmTest(nodesFile = "src/test/resources/nodes/two-gpu-nodes.yaml")
  void readsANodesFile(SwarmTester swarm) {
    SwarmGraph gpu = Swarms.define("gpu", s -> {
      s.computedGlobal("base", "int");
      s.task(Count.class, t -> t.alias("count").method(Method.ALL).gpu(true));
    });
    RunReport r = swarm.run(gpu, Map.of("base", 0)).requireCompleted();
    assertEquals(java.util.Set.of("gpu-a"), r.nodes("count", 1));
  }

  @Test
  void runsGeneratedSwarmClasses(SwarmTester swarm) {
    RunReport r = swarm.run(dev.manta.runtime.CatalogDemoSwarm.class).requireCompleted();
    assertEquals(40, r.global("start", Integer.class));
  }
}
