package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulingTest {
  private static Set<String> ids(int... numbers) {
    Set<String> out = new TreeSet<>();
    for (int n : numbers) {
      out.add("node-" + n);
    }
    return out;
  }

  private static SwarmGraph one(java.util.function.Consumer<dev.manta.dsl.TaskOptions> options) {
    return Swarms.define("sched", s -> s.task(A.class, t -> options.accept(t.alias("a"))));
  }

  @Test
  void allRunsOnEveryEligibleNode() {
    RunReport r = local(one(t -> t.method(Method.ALL)), 5).build().run().requireCompleted();
    assertEquals(ids(1, 2, 3, 4, 5), r.nodes("a", 1));
    assertEquals(ids(1, 2, 3, 4, 5).stream().map(n -> "a/" + n).collect(java.util.stream.Collectors.toSet()),
        r.results(1, "ran").keySet());
  }

  @Test
  void allIsCappedByMaximumAndChoosesTheSameNodesForTheSameSeed() {
    SwarmGraph g = one(t -> t.method(Method.ALL).maximum(3));
    SortedSet<String> first = local(g, 8).build().run().requireCompleted().nodes("a", 1);
    SortedSet<String> again = local(g, 8).build().run().requireCompleted().nodes("a", 1);
    assertEquals(3, first.size());
    assertEquals(first, again);
    Set<Set<String>> bySeed = new HashSet<>();
    for (long seed = 0; seed < 6; seed++) {
      bySeed.add(local(g, 8).seed(seed).build().run().nodes("a", 1));
    }
    assertTrue(bySeed.size() > 1, "different seeds should not all pick the same 3 of 8 nodes: " + bySeed);
  }

  @Test
  void allWithFractionTakesTheCeilingOfTheEligibleCount() {
    assertEquals(2, local(one(t -> t.method(Method.ALL).fraction(0.25)), 8).build().run().nodes("a", 1).size());
    assertEquals(3, local(one(t -> t.method(Method.ALL).fraction(0.3)), 8).build().run().nodes("a", 1).size());
    assertEquals(1, local(one(t -> t.method(Method.ALL).fraction(0.01)), 8).build().run().nodes("a", 1).size());
  }

  @Test
  void anyRunsOnOneNode() {
    RunReport r = local(one(t -> t.method(Method.ANY)), 6).build().run().requireCompleted();
    assertEquals(1, r.instances("a").size());
    assertEquals(1, r.results(1, "ran").size());
  }

  @Test
  void tenAnyCopiesOnTenNodesLandOnTenDistinctNodesWhateverTheSeed() {
    SwarmGraph g = Swarms.define("spread", s -> s.copies(A.class, 10, t -> t.alias("m").method(Method.ANY)));
    for (long seed = 0; seed < 5; seed++) {
      RunReport r = local(g, 10).seed(seed).build().run().requireCompleted();
      Set<String> used = new TreeSet<>();
      for (int i = 0; i < 10; i++) {
        SortedSet<String> nodes = r.nodes("m_" + i, 1);
        assertEquals(1, nodes.size(), "m_" + i + " ran on " + nodes);
        used.addAll(nodes);
      }
      assertEquals(ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), used, "seed " + seed);
    }
  }

  @Test
  void anyPrefersTheLeastLoadedNodeThenTheSeededOrder() {
    // Five ANY copies on two nodes: the load stays balanced (3 + 2), never 4 + 1 or 5 + 0.
    SwarmGraph g = Swarms.define("balance", s -> s.copies(A.class, 5, t -> t.alias("m").method(Method.ANY)));
    for (long seed = 0; seed < 5; seed++) {
      RunReport r = local(g, 2).seed(seed).build().run().requireCompleted();
      long onFirst = r.instances().stream().filter(i -> i.node().equals("node-1")).count();
      assertTrue(onFirst == 2 || onFirst == 3, "seed " + seed + ": " + onFirst + " of 5 on node-1");
    }
  }

  @Test
  void anyMovesToAnotherNodeAfterAFailureUpToItsMaximum() {
    AtomicInteger calls = new AtomicInteger();
    TaskBody failsTwice = ctx -> {
      if (calls.incrementAndGet() <= 2) {
        throw new IllegalStateException("flaky on " + ctx.world().nodeId());
      }
      ctx.results().add("ran", ctx.world().nodeId());
    };
    RunReport r = local(one(t -> t.method(Method.ANY).maximum(3)), 5).task(A.class, () -> failsTwice).build().run()
        .requireCompleted();
    List<InstanceReport> tries = r.instances("a", 1);
    assertEquals(3, tries.size());
    assertEquals(List.of(1, 2, 3), tries.stream().map(InstanceReport::attempt).toList());
    assertEquals(List.of(InstanceState.FAILED, InstanceState.FAILED, InstanceState.SUCCEEDED),
        tries.stream().map(InstanceReport::state).toList());
    assertEquals(3, new HashSet<>(tries.stream().map(InstanceReport::node).toList()).size(), "each try on a new node");
    assertTrue(tries.get(0).error().contains("flaky on " + tries.get(0).node()));
    assertEquals(Set.of("a/" + tries.get(2).node()), r.results(1, "ran").keySet());
  }

  @Test
  void anyGivesUpAfterMaximumNodesAndSaysWhy() {
    TaskBody broken = ctx -> {
      throw new IllegalStateException("boom");
    };
    RunReport r = local(one(t -> t.method(Method.ANY).maximum(2)), 5).task(A.class, () -> broken).build().run()
        .requireStatus(RunStatus.FAILED);
    List<InstanceReport> tries = r.instances("a", 1);
    assertEquals(2, tries.size());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("task 'a'"), failure);
    assertTrue(failure.contains("boom"), failure);
    assertTrue(failure.contains("maximum (2)"), failure);
    tries.forEach(t -> assertTrue(failure.contains(t.node()), failure));
  }

  @Test
  void anyWithAFractionTriesThatShareOfTheEligibleNodes() {
    TaskBody broken = ctx -> {
      throw new IllegalStateException("boom");
    };
    RunReport r = local(one(t -> t.method(Method.ANY).fraction(0.5)), 5).task(A.class, () -> broken).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals(3, r.instances("a").size(), "ceil(0.5 x 5) nodes tried");
    assertTrue(r.failure().orElseThrow().contains("fraction (0.5 of the eligible nodes: 3)"), r.failure().orElseThrow());
  }

  @Test
  void anyWithoutMaximumTriesOneNode() {
    TaskBody broken = ctx -> {
      throw new IllegalStateException("boom");
    };
    RunReport r = local(one(t -> t.method(Method.ANY)), 5).task(A.class, () -> broken).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals(1, r.instances("a").size());
  }

  @Test
  void anyWithUnlimitedMaximumTriesEveryEligibleNodeThenSaysNoneIsLeft() {
    TaskBody broken = ctx -> {
      throw new IllegalStateException("boom");
    };
    RunReport r = local(one(t -> t.method(Method.ANY).maximum(-1).exceptedIds("node-2")), 4)
        .task(A.class, () -> broken).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals(ids(1, 3, 4), r.nodes("a", 1));
    assertTrue(r.failure().orElseThrow().contains("no other eligible node"), r.failure().orElseThrow());
  }

  @Test
  void maximumRunsOnUpToMaximumOrFractionOfNodes() {
    assertEquals(2, local(one(t -> t.method(Method.MAXIMUM).maximum(2)), 6).build().run().requireCompleted()
        .nodes("a", 1).size());
    assertEquals(3, local(one(t -> t.method(Method.MAXIMUM).fraction(0.5)), 6).build().run().requireCompleted()
        .nodes("a", 1).size());
    assertEquals(4, local(one(t -> t.method(Method.MAXIMUM).maximum(10)), 4).build().run().requireCompleted()
        .nodes("a", 1).size());
  }

  @Test
  void fixedRunsOnExactlyTheSpecifiedNodes() {
    RunReport r = local(one(t -> t.method(Method.FIXED).specifiedIds("node-4", "node-2")), 5).build().run()
        .requireCompleted();
    assertEquals(ids(2, 4), r.nodes("a", 1));
  }

  @Test
  void fixedNamesASpecifiedNodeThatIsMissing() {
    RunReport r = local(one(t -> t.method(Method.FIXED).specifiedIds("node-1", "node-9")), 3).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("'node-9'") && failure.contains("not among this run's nodes"), failure);
    assertTrue(r.instances().isEmpty(), "nothing may start when a FIXED node is missing");
  }

  @Test
  void fixedNamesASpecifiedNodeThatCannotRunTheTask() {
    RunReport r = local(one(t -> t.method(Method.FIXED).specifiedIds("node-1").gpu(true)), 3).build().run();
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("'node-1'") && failure.contains("GPU"), failure);
  }

  @Test
  void specifiedAndExceptedIdsNarrowTheEligibleNodes() {
    RunReport specified = local(one(t -> t.method(Method.ALL).specifiedIds("node-1", "node-2", "node-3")), 5)
        .build().run().requireCompleted();
    assertEquals(ids(1, 2, 3), specified.nodes("a", 1));
    RunReport excepted = local(one(t -> t.method(Method.ALL).exceptedIds("node-2", "node-5")), 5)
        .build().run().requireCompleted();
    assertEquals(ids(1, 3, 4), excepted.nodes("a", 1));
    RunReport anyExcepted = local(one(t -> t.method(Method.ANY).maximum(-1).exceptedIds("node-1", "node-2")), 3)
        .build().run().requireCompleted();
    assertEquals(ids(3), anyExcepted.nodes("a", 1));
  }

  @Test
  void gpuTasksRunOnlyOnGpuNodes() {
    RunReport r = LocalRun.builder(one(t -> t.method(Method.ALL).gpu(true)))
        .nodes(NodeSpec.of("node-1").withGpu(true), NodeSpec.of("node-2"), NodeSpec.of("node-3").withGpu(true))
        .build().run().requireCompleted();
    assertEquals(ids(1, 3), r.nodes("a", 1));
  }

  @Test
  void tasksRunOnlyOnNodesHoldingEveryDatasetAndReadThem(@TempDir Path dir) throws Exception {
    Path digits1 = Files.createDirectories(dir.resolve("n1/digits"));
    Files.writeString(digits1.resolve("a.csv"), "1,2");
    Files.writeString(Files.createDirectories(digits1.resolve("sub")).resolve("b.csv"), "3");
    Path digits3 = Files.createDirectories(dir.resolve("n3/digits"));
    Files.writeString(digits3.resolve("a.csv"), "4");
    Path labels = Files.writeString(dir.resolve("labels.txt"), "cat");
    SwarmGraph g = Swarms.define("data", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)
        .datasets("digits", "labels")));
    TaskBody reads = ctx -> {
      ctx.results().add("files", ctx.local().list("digits").size());
      ctx.results().add("labels", new String(ctx.local().bytes("labels")));
    };
    RunReport r = LocalRun.builder(g)
        .nodes(NodeSpec.of("node-1").withDataset("digits", digits1).withDataset("labels", labels),
            NodeSpec.of("node-2").withDataset("labels", labels),
            NodeSpec.of("node-3").withDataset("digits", digits3).withDataset("labels", labels),
            NodeSpec.of("node-4").withDataset("digits", digits3))
        .task(A.class, () -> reads).build().run().requireCompleted();
    assertEquals(ids(1, 3), r.nodes("a", 1));
    assertEquals(2, r.results(1, "files", Integer.class).get("a/node-1"));
    assertEquals(1, r.results(1, "files", Integer.class).get("a/node-3"));
    assertEquals("cat", r.results(1, "labels", String.class).get("a/node-3"));
  }

  @Test
  void noEligibleNodeFailsTheSwarmWithTheReasons() {
    SwarmGraph g = Swarms.define("data", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)
        .datasets("digits")));
    RunReport r = local(g, 3).build().run();
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("task 'a'") && failure.contains("no eligible node")
        && failure.contains("lacks dataset 'digits'") && failure.contains("node-1, node-2, node-3"), failure);
  }

  @Test
  void fixedTrueKeepsTheNodesOfIterationOne() {
    SwarmGraph pinned = iterating(t -> t.method(Method.ALL).maximum(2).fixed(true));
    RunReport r = local(pinned, 8).task(B.class, () -> FIVE_ITERATIONS).build().run().requireCompleted();
    assertEquals(5, r.iterations());
    for (int i = 2; i <= 5; i++) {
      assertEquals(r.nodes("work", 1), r.nodes("work", i), "iteration " + i);
    }
    SwarmGraph anyPinned = iterating(t -> t.method(Method.ANY).fixed(true));
    RunReport any = local(anyPinned, 8).task(B.class, () -> FIVE_ITERATIONS).build().run().requireCompleted();
    for (int i = 2; i <= 5; i++) {
      assertEquals(any.nodes("work", 1), any.nodes("work", i), "iteration " + i);
    }
    // Without fixed, the same task picks afresh each iteration.
    RunReport loose = local(iterating(t -> t.method(Method.ALL).maximum(2)), 8)
        .task(B.class, () -> FIVE_ITERATIONS).build().run().requireCompleted();
    Set<Set<String>> picks = new HashSet<>();
    for (int i = 1; i <= 5; i++) {
      picks.add(loose.nodes("work", i));
    }
    assertNotEquals(1, picks.size(), "unpinned picks should vary: " + picks);
  }

  /** "work" (configured by {@code options}), then "loop" asking for 5 iterations in all. */
  private static SwarmGraph iterating(java.util.function.Consumer<dev.manta.dsl.TaskOptions> options) {
    return Swarms.define("loop", s -> {
      var work = s.task(A.class, t -> options.accept(t.alias("work")));
      var loop = s.task(B.class, t -> t.alias("loop").method(Method.ANY));
      s.flow(loop.after(work));
    });
  }

  /** "loop" asks for another iteration until the fifth. */
  private static final TaskBody FIVE_ITERATIONS = ctx -> {
    if (ctx.world().iteration() < 5) {
      ctx.world().scheduleNextIteration(List.of(), "work");
    }
  };

  @Test
  void scheduleNextIterationRestrictsThatAliasToTheGivenNodes() {
    SwarmGraph g = iterating(t -> t.method(Method.ALL));
    TaskBody loop = ctx -> {
      if (ctx.world().iteration() == 1) {
        ctx.world().scheduleNextIteration(List.of("node-2", "node-4"), "work");
      }
    };
    RunReport r = local(g, 5).task(B.class, () -> loop).build().run().requireCompleted();
    assertEquals(2, r.iterations());
    assertEquals(ids(1, 2, 3, 4, 5), r.nodes("work", 1));
    assertEquals(ids(2, 4), r.nodes("work", 2));
    assertEquals(1, r.nodes("loop", 2).size(), "other tasks pick nodes as usual");
  }
}
