package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Placement and settlement at their limits (docs/runtime.md, "Choosing nodes"): how many nodes a
 * maximum or a fraction gives at its edges, what an ANY task's retry cap counts, which nodes
 * {@code fixed = true} keeps, and the wording of every reason a node is passed over.
 */
class PlacementBoundariesTest {
  private static final ModuleSpec MODULE = ModuleSpec.of("com.acme.Work");

  private static TaskSpec spec(Method method, Integer maximum, Double fraction, List<String> specified,
      List<String> excepted, boolean gpu) {
    return new TaskSpec("t", MODULE.name(), method, maximum, fraction, false, specified, excepted, "", gpu, List.of());
  }

  private static TaskSpec spec(Method method, Integer maximum, Double fraction) {
    return spec(method, maximum, fraction, List.of(), List.of(), false);
  }

  private static Map<String, NodeSpec> nodes(int n) {
    Map<String, NodeSpec> out = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      out.put("node-" + i, NodeSpec.of("node-" + i));
    }
    return out;
  }

  private static Placement.Snapshot snap(TaskSpec spec, Map<String, NodeSpec> nodes, Set<String> live,
      Set<String> tried, Set<String> restricted, Set<String> pinned, int attempt) {
    return new Placement.Snapshot(spec, MODULE, nodes, live, tried, restricted, pinned, Map.of(), 11, 2, attempt);
  }

  private static Placement.Pick pick(TaskSpec spec, int nodes) {
    return Placement.pick(snap(spec, nodes(nodes), nodes(nodes).keySet(), Set.of(), null, null, 1));
  }

  @Test
  void aMaximumAtOrAboveTheEligibleNodesTakesThemAll() {
    assertEquals(List.of("node-1", "node-2", "node-3"), pick(spec(Method.MAXIMUM, 3, null), 3).nodes());
    assertEquals(List.of("node-1", "node-2", "node-3"), pick(spec(Method.MAXIMUM, 4, null), 3).nodes());
    assertEquals(2, pick(spec(Method.MAXIMUM, 2, null), 3).nodes().size());
    assertEquals(1, pick(spec(Method.MAXIMUM, 1, null), 3).nodes().size());
    assertEquals(3, pick(spec(Method.MAXIMUM, 0, null), 3).nodes().size(), "0: no cap");
    assertEquals(3, pick(spec(Method.ALL, null, null), 3).nodes().size());
  }

  /** More than eight picks go through a sort instead of repeated selection: they still avoid the loaded nodes. */
  @Test
  void aWidePickTakesTheLeastLoadedNodes() {
    Map<String, NodeSpec> twelve = nodes(12);
    Map<String, Integer> load = Map.of("node-1", 1, "node-7", 2);
    for (long seed = 0; seed < 5; seed++) {
      Placement.Pick pick = Placement.pick(new Placement.Snapshot(spec(Method.MAXIMUM, 10, null), MODULE, twelve,
          twelve.keySet(), Set.of(), null, null, load, seed, 2, 1));
      assertEquals(List.of("node-10", "node-11", "node-12", "node-2", "node-3", "node-4", "node-5", "node-6", "node-8",
          "node-9"), pick.nodes(), "seed " + seed);
    }
  }

  @Test
  void aFractionRoundsUpAndNeverGivesLessThanOneNode() {
    assertEquals(4, pick(spec(Method.MAXIMUM, null, 1.0), 4).nodes().size(), "all of them");
    assertEquals(2, pick(spec(Method.MAXIMUM, null, 0.5), 4).nodes().size());
    assertEquals(3, pick(spec(Method.MAXIMUM, null, 0.51), 4).nodes().size(), "rounded up");
    assertEquals(1, pick(spec(Method.MAXIMUM, null, 0.01), 4).nodes().size(), "at least one");
    assertEquals(4, pick(spec(Method.MAXIMUM, null, 0.0), 4).nodes().size(), "0: no fraction");
    assertEquals(1, pick(spec(Method.ANY, null, 1.0), 4).nodes().size(), "ANY places one at a time");
  }

  @Test
  void bestResourcesWithoutAMaximumTakesTheNodeWithTheMostRoom() {
    ModuleSpec twoCores = new ModuleSpec("m", "com.acme.Work", ModuleSpec.DEFAULT_IMAGE, List.of(),
        new ResourceSpec(2, "1Gi"), false);
    Map<String, NodeSpec> nodes = new TreeMap<>(Map.of("small", NodeSpec.of("small").withCapacity(2, "8Gi"),
        "big", NodeSpec.of("big").withCapacity(16, "8Gi"), "mid", NodeSpec.of("mid").withCapacity(8, "8Gi")));
    TaskSpec best = spec(Method.BEST_RESOURCES, null, null);
    Placement.Pick p = Placement.pick(new Placement.Snapshot(best, twoCores, nodes, nodes.keySet(), Set.of(), null,
        null, Map.of(), 1, 1, 1));
    assertEquals(List.of("big"), p.nodes());
    Placement.Pick loaded = Placement.pick(new Placement.Snapshot(best, twoCores, nodes, nodes.keySet(), Set.of(),
        null, null, Map.of("big", 6), 1, 1, 1));
    assertEquals(List.of("mid"), loaded.nodes(), "what is placed already counts: big has room for 2, mid for 4");
    Placement.Pick two = Placement.pick(new Placement.Snapshot(spec(Method.BEST_RESOURCES, 2, null), twoCores, nodes,
        nodes.keySet(), Set.of(), null, null, Map.of(), 1, 1, 1));
    assertEquals(List.of("big", "mid"), two.nodes());
  }

  @Test
  void anAnyTasksCapCountsEligibleNodesIncludingTriedOnes() {
    TaskSpec half = spec(Method.ANY, null, 0.5, List.of(), List.of("node-6"), false);
    Map<String, NodeSpec> six = nodes(6);
    Set<String> live = Set.of("node-1", "node-2", "node-3", "node-4", "node-6");
    // eligible: node-1..4 (node-5 not alive, node-6 excepted); tried nodes still count
    assertEquals(2, Placement.anyCap(snap(half, six, live, Set.of("node-1", "node-2"), null, null, 3)));
    assertEquals(1, Placement.anyCap(snap(spec(Method.ANY, null, 0.1), six, live, Set.of(), null, null, 1)),
        "at least one try");
    assertEquals(5, Placement.anyCap(snap(spec(Method.ANY, null, 1.0), six, live, Set.of(), null, null, 1)));
    assertEquals(3, Placement.anyCap(snap(spec(Method.ANY, 3, null), six, live, Set.of(), null, null, 1)));
    assertEquals(1, Placement.anyCap(snap(spec(Method.ANY, null, null), six, live, Set.of(), null, null, 1)),
        "ANY tries one node unless told otherwise");
    assertEquals(-1, Placement.anyCap(snap(spec(Method.ANY, -1, 0.0), six, live, Set.of(), null, null, 1)),
        "no fraction and no cap");
  }

  private static TaskRun anyRun(int maximum, int failedTries) {
    TaskRun run = new TaskRun(spec(Method.ANY, maximum, null), MODULE);
    for (int n = 1; n <= failedTries; n++) {
      WorldStore.Instance i = new WorldStore.Instance("1/t/node-" + n, 1, "t", "node-" + n, n);
      i.state = InstanceState.FAILED;
      i.error = "boom " + n;
      run.add(i);
    }
    return run;
  }

  @Test
  void anAnyTaskRetriesUntilItHasTriedAsManyNodesAsItsCap() {
    assertEquals(Settlement.Outcome.RETRY, Settlement.decide(anyRun(2, 1), 2, false));
    assertEquals(Settlement.Outcome.FAIL, Settlement.decide(anyRun(2, 2), 2, false), "the cap is reached");
    assertEquals(Settlement.Outcome.RETRY, Settlement.decide(anyRun(2, 5), -1, false), "no cap: try on");
    assertEquals(Settlement.Outcome.FAIL, Settlement.decide(anyRun(1, 1), 1, false));
    TaskRun done = anyRun(2, 1);
    done.done = true;
    assertEquals(Settlement.Outcome.DONE, Settlement.decide(done, 2, false));
  }

  @Test
  void theFailureMessageSaysWhatCappedTheTries() {
    assertEquals("task 't' failed in iteration 4 on every node it ran on (node-1, node-2): node-1: boom 1; node-2:"
        + " boom 2 — tried 2 node(s), the most its maximum (2) allows", Settlement.failure(anyRun(2, 2), 4, 2, false));
    TaskRun byFraction = new TaskRun(spec(Method.ANY, null, 0.25), MODULE);
    WorldStore.Instance i = new WorldStore.Instance("1/t/node-1", 1, "t", "node-1", 1);
    i.state = InstanceState.TIMED_OUT;
    i.error = "ran too long";
    byFraction.add(i);
    assertEquals("task 't' failed in iteration 1 on every node it ran on (node-1): node-1: TIMED_OUT ran too long"
        + " — tried 1 node(s), the most its fraction (0.25 of the eligible nodes: 1) allows",
        Settlement.failure(byFraction, 1, 1, false));
    assertTrue(Settlement.failure(anyRun(3, 2), 1, 3, true).endsWith(" — no other eligible node was left to try"));
    TaskRun all = new TaskRun(spec(Method.ALL, null, null), MODULE);
    all.add(i);
    assertEquals("task 't' failed in iteration 1 on every node it ran on (node-1): node-1: TIMED_OUT ran too long",
        Settlement.failure(all, 1, -1, false), "nothing about tries for other methods");
  }

  @Test
  void everyReasonANodeIsPassedOverIsWorded() {
    ModuleSpec withData = new ModuleSpec("m", "com.acme.Work", ModuleSpec.DEFAULT_IMAGE, List.of("digits"),
        ResourceSpec.DEFAULT, false);
    Map<String, NodeSpec> nodes = new TreeMap<>();
    for (int i = 1; i <= 8; i++) {
      nodes.put("node-" + i, NodeSpec.of("node-" + i).withGpu(i != 6).withDataset("digits", Path.of("/d")));
    }
    nodes.put("node-7", NodeSpec.of("node-7").withGpu(true));
    TaskSpec gpuTask = new TaskSpec("t", "m", Method.ANY, null, null, false,
        List.of("node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "node-7", "node-8"), List.of("node-1"), "",
        true, List.of());
    Set<String> live = Set.of("node-1", "node-3", "node-4", "node-5", "node-6", "node-7", "node-8");
    Placement.Snapshot s = new Placement.Snapshot(gpuTask, withData, nodes, live, Set.of("node-3"), Set.of("node-5",
        "node-3", "node-4", "node-6", "node-7"), Set.of("node-4", "node-3", "node-6", "node-7", "node-5", "node-8"),
        Map.of(), 1, 2, 2);
    assertEquals("not alive (lost, or its agent holds no lease)", Placement.ineligible(s, nodes.get("node-2"), true));
    assertEquals("listed in exceptedIds", Placement.ineligible(s, nodes.get("node-1"), true));
    assertEquals("already tried in this iteration", Placement.ineligible(s, nodes.get("node-3"), true));
    assertNull(Placement.ineligible(s, nodes.get("node-5"), false), "a tried node counts where tries do not matter");
    assertEquals("has no GPU (the task asks for one)", Placement.ineligible(s, nodes.get("node-6"), true));
    assertEquals("lacks dataset 'digits'", Placement.ineligible(s, nodes.get("node-7"), true));
    assertEquals("narrowed: not among the nodes scheduleNextIteration chose for iteration 2",
        Placement.ineligible(s, nodes.get("node-8"), true));
    assertNull(Placement.ineligible(s, nodes.get("node-5"), true));
    Placement.Snapshot notPinned = new Placement.Snapshot(gpuTask, withData, nodes, live, Set.of(), null,
        Set.of("node-5"), Map.of(), 1, 2, 1);
    assertEquals("narrowed: not one of the nodes it got in iteration 1 (fixed = true)",
        Placement.ineligible(notPinned, nodes.get("node-4"), true));
    TaskSpec onlyTwo = spec(Method.ALL, null, null, List.of("node-2"), List.of(), false);
    assertEquals("not in specifiedIds", Placement.ineligible(snap(onlyTwo, nodes(3), nodes(3).keySet(), Set.of(),
        null, null, 1), NodeSpec.of("node-1"), true));
  }

  @Test
  void noEligibleNodeIsAnErrorListingTheReasonsByNode() {
    TaskSpec any = spec(Method.ANY, null, null, List.of(), List.of("node-7"), false);
    Map<String, NodeSpec> nine = nodes(9);
    Placement.Pick first = Placement.pick(snap(any, nine, Set.of("node-1", "node-7"), Set.of(), null, null, 1));
    assertEquals(List.of("node-1"), first.nodes());
    Placement.Pick retry = Placement.pick(snap(any, nine, Set.of("node-1", "node-7"), Set.of("node-1"), null, null, 2));
    assertEquals("task 't' (method ANY) has no other eligible node to try in iteration 2: node-1: already tried in"
        + " this iteration; node-7: listed in exceptedIds; node-2, node-3, node-4, node-5, node-6 and 2 more: not alive"
        + " (lost, or its agent holds no lease)", retry.error());
    Placement.Pick none = Placement.pick(snap(any, nine, Set.of(), Set.of(), null, null, 1));
    assertTrue(none.error().startsWith("task 't' (method ANY) has no eligible node in iteration 2: node-1, node-2,"
        + " node-3, node-4, node-5 and 4 more: not alive"), none.error());
    Placement.Pick empty = Placement.pick(snap(any, Map.of(), Set.of(), Set.of(), null, null, 1));
    assertEquals("task 't' (method ANY) has no eligible node in iteration 2: the run has no nodes", empty.error());
    assertEquals("a, b, c, d, e", Placement.abbreviate(List.of("a", "b", "c", "d", "e")));
    assertEquals("a, b, c, d, e and 1 more", Placement.abbreviate(List.of("a", "b", "c", "d", "e", "f")));
  }

  @Test
  void fixedNodesSkipNarrowedOnesSilentlyButNameAnyOtherReason() {
    TaskSpec fixed = new TaskSpec("t", MODULE.name(), Method.FIXED, null, null, false, List.of("node-1", "node-2"),
        List.of(), "", false, List.of());
    Map<String, NodeSpec> three = nodes(3);
    Set<String> all = three.keySet();
    assertEquals(List.of("node-1", "node-2"), Placement.pick(snap(fixed, three, all, Set.of(), null, null, 1)).nodes());
    assertEquals(List.of("node-2"), Placement.pick(snap(fixed, three, all, Set.of(), Set.of("node-2"), null, 1))
        .nodes(), "narrowed by scheduleNextIteration: node-1 is skipped");
    assertEquals("task 't' (method FIXED) has no node left to run on in iteration 2: node-1, node-2, node-3: not among"
        + " the nodes scheduleNextIteration chose for iteration 2",
        Placement.pick(snap(fixed, three, all, Set.of(), Set.of("node-9"), null, 1)).error());
    assertEquals("task 't' (method FIXED) needs node 'node-2', which cannot run it in iteration 2: not alive (lost, or"
        + " its agent holds no lease)", Placement.pick(snap(fixed, three, Set.of("node-1"), Set.of(), null, null, 1))
        .error());
    assertEquals("task 't' (method FIXED) needs node 'node-2', which is not among this run's nodes (node-1); add the"
        + " node or fix specifiedIds", Placement.pick(snap(fixed, nodes(1), Set.of("node-1"), Set.of(), null, null, 1))
        .error());
  }

  @Test
  void picksAreSortedAndRepeatForTheSameSeed() {
    for (long seed = 1; seed <= 30; seed++) {
      Placement.Snapshot s = new Placement.Snapshot(spec(Method.MAXIMUM, 3, null), MODULE, nodes(9),
          nodes(9).keySet(), Set.of(), null, null, Map.of(), seed, 1, 1);
      List<String> picked = Placement.pick(s).nodes();
      assertEquals(3, picked.size());
      assertEquals(picked.stream().sorted().toList(), picked, "seed " + seed);
      assertEquals(picked, Placement.pick(s).nodes());
    }
  }
}
