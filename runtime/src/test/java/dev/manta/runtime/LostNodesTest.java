package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.local.Faults;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that die or stop answering mid-run: their instances end LOST and the methods' rules go on. */
class LostNodesTest {
  @TempDir
  Path dir;

  /** Three rounds of an ALL task over 20 nodes, then a one-node aggregate; round 2 loses 30% of the nodes. */
  private static final SwarmGraph ROUNDS = Swarms.define("rounds", s -> {
    var train = s.task(A.class, t -> t.alias("train").method(Method.ALL));
    s.task(B.class, t -> t.alias("aggregate").maximum(1)).after(train);
  });

  private static final TaskBody TRAIN = ctx -> ctx.results().add("w", ctx.world().nodeId());

  private static final TaskBody AGGREGATE = ctx -> {
    int it = ctx.world().iteration();
    ctx.globals().set("seen_" + it, ctx.results().select("w", String.class).size());
    if (it < 3) {
      ctx.world().scheduleNextIteration(List.of(), "train");
    }
  };

  private RunReport dropout(long seed, Path journal) {
    return local(ROUNDS, 20).seed(seed).lease(Duration.ofMillis(200))
        .faults(Faults.killShare(0.3, 2, seed)).journal(journal)
        .task(A.class, () -> TRAIN).task(B.class, () -> AGGREGATE).build().run();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // runs seconds: more than -Pmutation's default test timeout
  void thirtyPercentOfAgentsDieMidRoundAndTheRunStillCompletesTheSameWayForASeed() {
    RunReport r = dropout(11, dir.resolve("a.jsonl")).requireCompleted();
    Set<String> lost = r.instances("train", 2).stream().filter(i -> i.state() == InstanceState.LOST)
        .map(InstanceReport::node).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(6, lost.size(), r.summary());
    assertEquals(20, r.global("seen_1", Integer.class));
    assertEquals(14, r.global("seen_2", Integer.class));
    assertEquals(14, r.global("seen_3", Integer.class), "lost nodes are not offered work again");
    assertTrue(r.nodes("train", 3).stream().noneMatch(lost::contains));
    assertTrue(r.instances("train", 2).stream().filter(i -> i.state() == InstanceState.LOST)
        .allMatch(i -> i.error().contains("lease")), r.summary());
    // The losses are journaled: the nodes, and each instance's LOST end.
    List<JournalEntry> entries = Journal.readAll(dir.resolve("a.jsonl"));
    assertEquals(lost, entries.stream().filter(e -> e instanceof JournalEntry.NodeLost)
        .map(e -> ((JournalEntry.NodeLost) e).node()).collect(Collectors.toCollection(TreeSet::new)));
    // Deterministic for a seed: the same nodes are lost, the same work done.
    RunReport again = dropout(11, dir.resolve("b.jsonl")).requireCompleted();
    assertEquals(r.results(), again.results());
    assertEquals(r.summary().replaceAll("lease \\(\\d+ ms\\)", ""), again.summary().replaceAll("lease \\(\\d+ ms\\)", ""));
  }

  @Test
  void anUnresponsiveNodeIsLostWhenItsLeaseRunsOutAndAnyMovesOn() {
    SwarmGraph g = Swarms.define("any", s -> s.task(A.class, t -> t.alias("a").maximum(3).specifiedIds("node-1",
        "node-2").method(Method.ANY)));
    // Whichever node ANY picks first hangs (both are set to hang in iteration 1, the second never claims).
    RunReport r = local(g, 2).lease(Duration.ofMillis(200))
        .faults(Faults.unresponsive("node-1", 1).and(Faults.unresponsive("node-2", 1)))
        .build().run();
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals(List.of(InstanceState.LOST, InstanceState.LOST),
        r.instances("a", 1).stream().map(InstanceReport::state).toList(), r.summary());
    assertTrue(r.failure().orElseThrow().contains("LOST node"), r.failure().orElseThrow());
  }

  @Test
  void anAllTaskGoesOnWithTheNodesLeftWhenOneHangs() {
    SwarmGraph g = Swarms.define("all", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    RunReport r = local(g, 3).lease(Duration.ofMillis(200)).faults(Faults.unresponsive("node-2", 1))
        .build().run().requireCompleted();
    assertEquals(Set.of("node-1", "node-3"), r.succeededNodes("a", 1));
    assertEquals(InstanceState.LOST, r.instances("a", 1).get(1).state());
  }
}
