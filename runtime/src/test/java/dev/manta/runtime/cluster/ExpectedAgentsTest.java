package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agents a conductor waits for are the ones manta:deploy starts: a module whose every task names
 * specifiedIds has agents only there, one every task excepts a node has none there. (A conductor
 * that waited for an agent Docker never starts sat out its whole agent wait, 5 minutes by default.)
 */
class ExpectedAgentsTest {
  private static Map<String, List<String>> expected(SwarmGraph g) {
    return expected(g, Nodes.count(3));
  }

  private static Map<String, List<String>> expected(SwarmGraph g, List<NodeSpec> nodes) {
    Map<String, List<String>> out = new TreeMap<>();
    for (ModuleSpec m : g.modules()) {
      out.put(m.entryClass().substring(m.entryClass().lastIndexOf('$') + 1), nodes.stream()
          .filter(n -> ConductorProcess.eligible(g, m, n)).map(NodeSpec::id).collect(Collectors.toList()));
    }
    return out;
  }

  @Test
  void specifiedAndExceptedIdsOfEveryTaskOfAModuleDecideWhereItsAgentsAre() {
    SwarmGraph g = Swarms.define("expected_agents", s -> {
      var mapper = s.task(FaultDemo.Mapper.class, t -> t.alias("mapper").method(Method.ALL).exceptedIds("node-1"));
      s.task(FaultDemo.Reducer.class, t -> t.alias("reducer").method(Method.ANY).specifiedIds("node-2", "node-3"))
          .after(mapper);
    });
    assertEquals(Map.of("Mapper", List.of("node-2", "node-3"), "Reducer", List.of("node-2", "node-3")), expected(g));
  }

  @Test
  void aModuleWithOneUnrestrictedTaskHasAgentsEverywhere() {
    SwarmGraph g = Swarms.define("expected_agents", s -> {
      var pinned = s.task(FaultDemo.Mapper.class, t -> t.alias("pinned").method(Method.ALL).specifiedIds("node-3"));
      var free = s.task(FaultDemo.Mapper.class, t -> t.alias("free").method(Method.ALL)).after(pinned);
      s.task(FaultDemo.Reducer.class, t -> t.alias("reducer").method(Method.ANY).exceptedIds("node-2"))
          .after(free);
    });
    assertEquals(Map.of("Mapper", List.of("node-1", "node-2", "node-3"), "Reducer", List.of("node-1", "node-3")),
        expected(g));
  }

  @Test
  void aModuleWhoseEveryTaskAsksForLabelsHasAgentsOnlyOnNodesCarryingThem() {
    List<NodeSpec> nodes = List.of(new NodeSpec("node-1", Map.of(), false, Map.of()),
        new NodeSpec("node-2", Map.of("zone", "east"), false, Map.of()),
        new NodeSpec("node-3", Map.of("zone", "west"), false, Map.of()));
    SwarmGraph g = Swarms.define("expected_agents", s -> {
      var mapper = s.task(FaultDemo.Mapper.class, t -> t.alias("mapper").method(Method.ALL).labels("zone=east"));
      s.task(FaultDemo.Reducer.class, t -> t.alias("reducer").method(Method.ANY)).after(mapper);
    });
    assertEquals(Map.of("Mapper", List.of("node-2"), "Reducer", List.of("node-1", "node-2", "node-3")),
        expected(g, nodes));
  }
}
