package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The conductor's decisions alone: placement over one snapshot, and settling a task. */
class PlacementAndSettlementTest {
  private static final ModuleSpec MODULE = ModuleSpec.of("com.acme.Work");

  private static TaskSpec task(Method method, Integer maximum, List<String> specified) {
    return new TaskSpec("t", MODULE.name(), method, maximum, null, false, specified, List.of(), "", false, List.of());
  }

  private static Map<String, NodeSpec> nodes(int n) {
    Map<String, NodeSpec> out = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      out.put("node-" + i, NodeSpec.of("node-" + i));
    }
    return out;
  }

  private static Placement.Snapshot snapshot(TaskSpec spec, Set<String> live, Set<String> tried,
      Map<String, Integer> load, long seed) {
    return new Placement.Snapshot(spec, MODULE, nodes(6), live, tried, null, null, load, seed, 1, tried.size() + 1);
  }

  private static final Set<String> ALL_LIVE = nodes(6).keySet();

  @Test
  void placementIsAPureFunctionOfItsSnapshot() {
    TaskSpec max3 = task(Method.MAXIMUM, 3, List.of());
    Placement.Pick a = Placement.pick(snapshot(max3, ALL_LIVE, Set.of(), Map.of(), 5));
    Placement.Pick b = Placement.pick(snapshot(max3, ALL_LIVE, Set.of(), Map.of(), 5));
    assertEquals(a, b);
    assertEquals(3, a.nodes().size());
    assertEquals(a.nodes().stream().sorted().toList(), a.nodes());
  }

  @Test
  void lostNodesAreNotEligibleAndTheReasonSaysSo() {
    TaskSpec any = task(Method.ANY, null, List.of("node-2"));
    Placement.Pick p = Placement.pick(snapshot(any, Set.of("node-1", "node-3"), Set.of(), Map.of(), 1));
    assertEquals(List.of(), p.nodes());
    assertTrue(p.error().contains("node-2, node-4, node-5, node-6: not alive (lost, or its agent holds no lease)"), p.error());
  }

  @Test
  void roomIsTheSmallerOfTheCpuAndMemoryFiguresLessWhatIsPlaced() {
    ModuleSpec twoCores = new ModuleSpec("m", "com.acme.Work", ModuleSpec.DEFAULT_IMAGE, List.of(),
        new dev.manta.graph.ResourceSpec(2, "1Gi"), false);
    NodeSpec big = NodeSpec.of("big").withCapacity(8, "2Gi");
    assertEquals(2.0, Placement.room(big, twoCores, 0), "memory bound: 2Gi / 1Gi");
    assertEquals(1.0, Placement.room(big, twoCores, 1));
    assertEquals(-1.0, Placement.room(big, twoCores, 3), "over-committed: negative room");
    assertEquals(1.5, Placement.room(NodeSpec.of("cpu").withCapacity(3, "64Gi"), twoCores, 0), "cpu bound: 3 / 2");
    assertEquals(Double.NEGATIVE_INFINITY, Placement.room(NodeSpec.of("none"), twoCores, 0));
  }

  @Test
  void labelsAreAnEligibilityRuleWithItsReason() {
    TaskSpec east = new TaskSpec("t", MODULE.name(), Method.ALL, null, null, false, List.of(), List.of(), "", false,
        List.of(), null, List.of("zone=east"));
    Map<String, NodeSpec> nodes = new TreeMap<>(Map.of("node-1", NodeSpec.of("node-1").withLabel("zone", "east"),
        "node-2", NodeSpec.of("node-2").withLabel("zone", "west"), "node-3", NodeSpec.of("node-3")));
    Placement.Pick p = Placement.pick(new Placement.Snapshot(east, MODULE, nodes, nodes.keySet(), Set.of(), null, null,
        Map.of(), 1, 1, 1));
    assertEquals(List.of("node-1"), p.nodes());
    assertEquals("lacks label 'zone=east'", Placement.ineligible(new Placement.Snapshot(east, MODULE, nodes,
        nodes.keySet(), Set.of(), null, null, Map.of(), 1, 1, 1), nodes.get("node-2"), true));
  }

  @Test
  void theLeastLoadedNodesComeFirst() {
    TaskSpec any = task(Method.ANY, null, List.of());
    Map<String, Integer> load = Map.of("node-1", 2, "node-2", 2, "node-3", 1, "node-4", 2, "node-5", 2, "node-6", 2);
    assertEquals(List.of("node-3"), Placement.pick(snapshot(any, ALL_LIVE, Set.of(), load, 9)).nodes());
  }

  @Test
  void fixedNamesANodeThatCannotRunIt() {
    TaskSpec fixed = task(Method.FIXED, null, List.of("node-1", "node-9"));
    Placement.Pick p = Placement.pick(snapshot(fixed, ALL_LIVE, Set.of(), Map.of(), 1));
    assertTrue(p.error().contains("needs node 'node-9', which is not among this run's nodes"), p.error());
  }

  private static TaskRun run(Method method, InstanceState... states) {
    TaskRun run = new TaskRun(task(method, method == Method.ANY ? 3 : null, List.of()), MODULE);
    int n = 0;
    for (InstanceState s : states) {
      WorldStore.Instance i = new WorldStore.Instance("1/t/node-" + ++n, 1, "t", "node-" + n, n);
      i.state = s;
      run.add(i);
    }
    return run;
  }

  @Test
  void settlementWaitsFinishesRetriesOrFails() {
    assertEquals(Settlement.Outcome.WAIT, Settlement.decide(run(Method.ALL, InstanceState.RUNNING,
        InstanceState.SUCCEEDED), -1, false));
    assertEquals(Settlement.Outcome.DONE, Settlement.decide(run(Method.ALL, InstanceState.LOST,
        InstanceState.SUCCEEDED), -1, false));
    assertEquals(Settlement.Outcome.FAIL, Settlement.decide(run(Method.MAXIMUM, InstanceState.LOST,
        InstanceState.TIMED_OUT), -1, false));
    assertEquals(Settlement.Outcome.RETRY, Settlement.decide(run(Method.ANY, InstanceState.TIMED_OUT), 3, false));
    assertEquals(Settlement.Outcome.FAIL, Settlement.decide(run(Method.ANY, InstanceState.FAILED,
        InstanceState.LOST, InstanceState.TIMED_OUT), 3, false));
    assertEquals(Settlement.Outcome.WAIT, Settlement.decide(run(Method.ANY, InstanceState.FAILED), 3, true),
        "nothing is retried while the swarm stops");
  }

  @Test
  void theFailureMessageShowsTimedOutAndLostTries() {
    TaskRun r = run(Method.ANY, InstanceState.FAILED, InstanceState.LOST);
    r.instances.get(0).error = "java.io.IOException: disk full";
    r.instances.get(1).error = "node 'node-2' was lost: lease ran out";
    String m = Settlement.failure(r, 1, 2, false);
    assertTrue(m.contains("node-1: java.io.IOException: disk full; node-2: LOST node 'node-2' was lost"), m);
    assertTrue(m.endsWith("tried 2 node(s), the most its maximum (2) allows"), m);
    assertNull(Placement.ineligible(snapshot(task(Method.ALL, null, List.of()), ALL_LIVE, Set.of(), Map.of(), 1),
        NodeSpec.of("node-1"), true));
  }
}
