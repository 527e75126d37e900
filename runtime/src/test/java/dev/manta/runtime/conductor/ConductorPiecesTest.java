package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.Condition;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.transport.AgentMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces split out of the conductor, each alone: active instances, deadlines, the iteration's flow, the world
 * store's index, load and results, agent checks.
 */
class ConductorPiecesTest {
  static final class Work implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  static final class Other implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  private static WorldStore.Instance instance(String alias, String node) {
    return new WorldStore.Instance("1/" + alias + "/" + node, 1, alias, node, 1);
  }

  // ------------------------------------------------------------ ActiveInstances

  @Test
  void activeInstancesCountOnceAndFindANodesInstances() {
    ActiveInstances active = new ActiveInstances();
    WorldStore.Instance a1 = instance("a", "node-1");
    WorldStore.Instance b1 = instance("b", "node-1");
    WorldStore.Instance a2 = instance("a", "node-2");
    assertTrue(active.add(a1));
    assertFalse(active.add(a1), "the one instance of its node counts once");
    assertEquals(1, active.count());
    assertTrue(active.add(b1));
    assertTrue(active.add(a2));
    assertFalse(active.add(a1), "an instance counts once");
    assertEquals(3, active.count());
    assertEquals(List.of(a1, b1), active.on("node-1"));
    assertEquals(List.of(), active.on("node-9"));
    assertTrue(active.remove(b1));
    assertFalse(active.remove(b1), "removing twice changes nothing");
    assertEquals(2, active.count());
    assertEquals(Set.of(a1, a2), Set.copyOf(active.all()));
  }

  @Test
  void aNodesListIsACopy() {
    ActiveInstances active = new ActiveInstances();
    WorldStore.Instance a1 = instance("a", "node-1");
    active.add(a1);
    List<WorldStore.Instance> on = active.on("node-1");
    active.remove(a1); // as a lost node's loop does while walking its list
    assertEquals(List.of(a1), on);
    assertEquals(0, active.count());
  }

  @Test
  void aNodeHoldingSeveralInstancesKeepsEachInOrderUntilItEnds() {
    ActiveInstances active = new ActiveInstances(2);
    WorldStore.Instance a1 = instance("a", "node-1");
    WorldStore.Instance b1 = instance("b", "node-1");
    WorldStore.Instance c1 = instance("c", "node-1");
    assertTrue(active.add(a1));
    assertTrue(active.add(b1));
    assertTrue(active.add(c1));
    assertFalse(active.add(b1), "an instance of a node holding several counts once");
    assertEquals(3, active.count());
    assertEquals(List.of(a1, b1, c1), active.on("node-1"));

    assertTrue(active.remove(a1), "the first of several ends");
    assertEquals(2, active.count());
    assertEquals(List.of(b1, c1), active.on("node-1"));
    assertTrue(active.remove(c1));
    assertTrue(active.remove(b1));
    assertEquals(0, active.count());
    assertEquals(List.of(), active.on("node-1"));
    assertEquals(List.of(), active.all());

    assertTrue(active.add(c1), "a node that held several can hold one again");
    assertEquals(List.of(c1), active.on("node-1"));
    assertEquals(1, active.count());
  }

  @Test
  void removingAnInstanceThatIsNotActiveChangesNothing() {
    ActiveInstances active = new ActiveInstances();
    WorldStore.Instance a1 = instance("a", "node-1");
    WorldStore.Instance b1 = instance("b", "node-1");
    WorldStore.Instance c1 = instance("c", "node-1");
    assertFalse(active.remove(a1), "nothing is active");
    active.add(a1);
    assertFalse(active.remove(b1), "another instance of the same node");
    assertEquals(List.of(a1), active.on("node-1"));
    active.add(b1);
    assertFalse(active.remove(c1), "an instance the node's several do not include");
    assertEquals(2, active.count());
    assertEquals(List.of(a1, b1), active.on("node-1"));
  }

  // ------------------------------------------------------------ Deadlines

  @Test
  void deadlinesComeDueInTimeOrderOnceEach() {
    Deadlines d = new Deadlines();
    WorldStore.Instance a = instance("a", "node-1");
    WorldStore.Instance b = instance("b", "node-1");
    WorldStore.Instance c = instance("c", "node-1");
    a.token = 7;
    d.arm(a, 300);
    d.arm(b, 100);
    d.arm(c, 200);
    assertEquals(100L, d.earliest());
    assertEquals(List.of(), d.due(99));
    List<Deadlines.Entry> due = d.due(250);
    assertEquals(List.of(b, c), due.stream().map(e -> e.instance).toList());
    assertEquals(List.of(), d.due(250), "a deadline comes due once");
    assertEquals(300L, d.earliest());
    Deadlines.Entry last = d.due(1_000).get(0);
    assertSame(a, last.instance);
    assertEquals(7, last.token, "an entry carries the attempt it was armed for");
    assertNull(d.earliest());
    assertEquals(0, d.size());
  }

  @Test
  void deadlinesAtTheSameTimeComeDueInTheOrderTheyWereArmed() {
    Deadlines d = new Deadlines();
    List<WorldStore.Instance> armed = List.of(instance("c", "node-1"), instance("a", "node-1"), instance("b", "node-1"));
    armed.forEach(i -> d.arm(i, 100));
    assertEquals(armed, d.due(100).stream().map(e -> e.instance).toList());
  }

  @Test
  void aCancelledOrReplacedDeadlineNeverComesDue() {
    Deadlines d = new Deadlines();
    WorldStore.Instance a = instance("a", "node-1");
    WorldStore.Instance b = instance("b", "node-1");
    d.arm(a, 100);
    d.arm(b, 200);
    d.cancel(a);
    d.cancel(a);
    assertEquals(1, d.size());
    assertEquals(200L, d.earliest());
    d.arm(b, 500); // re-armed: the 200 one is gone
    assertEquals(List.of(), d.due(400));
    assertEquals(List.of(b), d.due(500).stream().map(e -> e.instance).toList());
  }

  @Test
  void deadlinesAcrossTheClockWrapKeepTheirOrder() {
    Deadlines d = new Deadlines();
    WorldStore.Instance a = instance("a", "node-1");
    WorldStore.Instance b = instance("b", "node-1");
    d.arm(b, Long.MIN_VALUE + 10); // after the wrap: later than a
    d.arm(a, Long.MAX_VALUE - 10);
    assertEquals(List.of(a), d.due(Long.MAX_VALUE).stream().map(e -> e.instance).toList());
    assertEquals(List.of(b), d.due(Long.MIN_VALUE + 20).stream().map(e -> e.instance).toList());
  }

  @Test
  void cancelledDeadlinesDoNotPileUp() {
    Deadlines d = new Deadlines();
    List<WorldStore.Instance> kept = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      WorldStore.Instance x = instance("a", "node-" + i);
      d.arm(x, 1_000_000 + i);
      if (i % 1000 == 0) {
        kept.add(x);
      } else {
        d.cancel(x);
      }
    }
    assertEquals(kept.size(), d.size());
    assertEquals(kept, d.due(Long.MAX_VALUE / 2).stream().map(e -> e.instance).toList());
  }

  // ------------------------------------------------------------ IterationFlow

  private static SwarmGraph chain(Condition condition) {
    return Swarms.define("flow", s -> {
      var a = s.task(Work.class, t -> t.alias("a"));
      s.task(Other.class, t -> t.alias("b")).after(condition, a);
    });
  }

  @Test
  void aTaskStartsOnceItsUpstreamIsDone() {
    SwarmGraph g = chain(Condition.FINISHED);
    IterationFlow flow = IterationFlow.of(g, g.topologicalOrder());
    TaskRun a = flow.nextReady(alias -> true);
    assertEquals("a", a.alias());
    a.started = true;
    assertNull(flow.nextReady(alias -> true), "a result does not open a FINISHED edge");
    assertEquals(IterationFlow.State.RUNNING, flow.state(1));
    a.done = true;
    TaskRun b = flow.nextReady(alias -> false);
    assertEquals("b", b.alias());
    b.started = true;
    assertEquals(IterationFlow.State.RUNNING, flow.state(0));
    b.done = true;
    assertEquals(IterationFlow.State.DONE, flow.state(0));
  }

  @Test
  void aResultEdgeOpensOnTheFirstResult() {
    SwarmGraph g = chain(Condition.RESULT);
    IterationFlow flow = IterationFlow.of(g, g.topologicalOrder());
    flow.nextReady(alias -> false).started = true;
    assertNull(flow.nextReady(alias -> false));
    assertEquals("b", flow.nextReady("a"::equals).alias());
  }

  @Test
  void anIterationWhoseTasksWaitForNothingIsStuck() {
    SwarmGraph g = chain(Condition.FINISHED);
    IterationFlow flow = IterationFlow.of(g, g.topologicalOrder());
    flow.get("a").started = true;
    assertEquals(IterationFlow.State.RUNNING, flow.state(0), "a started task still open may end");
    // nothing started, nothing in flight, nothing open: no task can ever start
    IterationFlow stuck = IterationFlow.of(g, g.topologicalOrder());
    assertEquals(IterationFlow.State.STUCK, stuck.state(0));
    assertEquals("swarm 'flow' cannot go on in iteration 3: tasks [a, b] wait for upstream tasks that will never end",
        stuck.stuck("flow", 3));
    stuck.get("a").started = true;
    assertEquals("swarm 'flow' cannot go on in iteration 3: tasks [b] wait for upstream tasks that will never end",
        stuck.stuck("flow", 3), "only the tasks that never started wait");
  }

  @Test
  void aGraphNamingAMissingModuleIsRefusedWithTheReason() {
    SwarmGraph g = chain(Condition.FINISHED);
    SwarmGraph broken = new SwarmGraph(g.name(), g.sourceClass(), g.maxIterations(), List.of(), g.tasks(), g.networks(),
        g.globals(), g.sinks());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> IterationFlow.of(broken, g.topologicalOrder()));
    assertTrue(e.getMessage().contains("which the graph lacks; validate it first"), e.getMessage());
  }

  // ------------------------------------------------------------ WorldStore

  /** Ids are what agents send: any string, numbered by iteration or not, must be found again or be unknown. */
  @Test
  void theInstanceIndexFindsEveryIdWhateverItsShape() {
    WorldStore.InstanceIndex index = new WorldStore.InstanceIndex();
    List<String> ids = List.of("setup", "12", "", "/x", "1/a/node-1", "2/a/node-1", "12345678901/a/node-1", "x/1",
        "1/b/node-1");
    List<WorldStore.Instance> added = new ArrayList<>();
    for (String id : ids) {
      WorldStore.Instance i = new WorldStore.Instance(id, 1, "a", "node-1", 1);
      index.put(i);
      added.add(i);
    }
    for (WorldStore.Instance i : added) {
      assertSame(i, index.get(i.id), "'" + i.id + "'");
    }
    for (String unknown : List.of("1", "123", "3/a/node-1", "1/a/node-2", "setup2", "/")) {
      assertNull(index.get(unknown), "'" + unknown + "'");
      assertFalse(index.containsKey(unknown));
    }
    assertNull(index.get(null));
    assertEquals(ids.size(), index.size());
    assertEquals(added, index.values(), "in creation order");
  }

  @Test
  void expectingAnIterationsInstancesKeepsThoseItHoldsAlready() {
    WorldStore.InstanceIndex index = new WorldStore.InstanceIndex();
    WorldStore.Instance a = instance("a", "node-1");
    index.put(a);
    index.expect(1, 1_000); // a second task starts in the same iteration
    index.expect(2, 1_000);
    WorldStore.Instance b = new WorldStore.Instance("2/b/node-1", 2, "b", "node-1", 1);
    index.put(b);
    assertSame(a, index.get(a.id));
    assertSame(b, index.get(b.id));
  }

  @Test
  void aNodesLoadCountsOnlyTheInstancesOfTheCurrentIteration() {
    WorldStore store = new WorldStore();
    store.apply(new JournalEntry.InstanceAssigned("1/a/node-1", 1, "a", "node-1", 1));
    store.apply(new JournalEntry.InstanceAssigned("1/b/node-1", 1, "b", "node-1", 1));
    assertEquals(Map.of("node-1", 2), store.load(1));
    store.apply(new JournalEntry.InstanceAssigned("2/a/node-2", 2, "a", "node-2", 1));
    assertEquals(Map.of("node-2", 1), store.load(2), "iteration 1's instances do not weigh on iteration 2");
    assertEquals(Map.of(), store.load(1));
  }

  /** Results of earlier iterations are read back from the journal; those of the iterations kept stay in memory. */
  @Test
  void evictedResultsAreReadBackAndTheKeptIterationsStayInMemory(@TempDir Path dir) {
    Path file = dir.resolve("run.jsonl");
    try (Journal journal = Journal.open(file)) {
      journal.append(new JournalEntry.ResultAdded(1, "score", "node-1", IntNode.valueOf(1), "a", "1/a/node-1"), true);
    }
    ResultValues results = new ResultValues();
    results.spillTo(file);
    results.put(1, "score", "a/node-1", IntNode.valueOf(1), null);
    // iteration 2's result is not in the journal yet (its write is under way)
    results.put(2, "score", "a/node-1", IntNode.valueOf(2), null);
    results.evictBefore(2);
    results.put(2, "score", "b/node-2", IntNode.valueOf(3), null);
    assertEquals(Map.of("a/node-1", 1), ints(results.select(1, "score")));
    assertEquals(Map.of("a/node-1", 2, "b/node-2", 3), ints(results.select(2, "score")));
    dev.manta.runtime.report.RunReport.Results all = results.forReport();
    assertEquals(List.of(1, 2), List.copyOf(all.iterations()));
    assertEquals(Map.of("a/node-1", 1), ints(all.read(1).get("score")));
    assertEquals(Map.of("a/node-1", 2, "b/node-2", 3), ints(all.read(2).get("score")));
  }

  /** When the report's copy of the journal's results cannot be written, the report holds them: nothing is lost. */
  @Test
  void aReportWhoseCopyCannotBeWrittenHoldsTheResultsAndSaysSo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.jsonl");
    try (Journal journal = Journal.open(file)) {
      journal.append(new JournalEntry.ResultAdded(1, "score", "node-1", IntNode.valueOf(7), "a", "1/a/node-1"), true);
      journal.append(new JournalEntry.ResultAdded(2, "score", "node-1", IntNode.valueOf(8), "a", "2/a/node-1"), true);
    }
    ResultValues results = new ResultValues();
    results.spillTo(file);
    results.copiesInto(dir.resolve("missing"));
    results.put(1, "score", "a/node-1", IntNode.valueOf(7), null);
    results.put(2, "score", "a/node-1", IntNode.valueOf(8), null);
    results.evictBefore(3);
    java.util.List<java.util.logging.LogRecord> records;
    dev.manta.runtime.report.RunReport.Results all;
    try (dev.manta.runtime.LogRecords log = dev.manta.runtime.LogRecords.of(ResultValues.class)) {
      all = results.forReport();
      records = log.list();
    }
    Files.delete(file);
    assertEquals(List.of(1, 2), List.copyOf(all.iterations()));
    assertEquals(Map.of("a/node-1", 7), ints(all.read(1).get("score")));
    assertEquals(Map.of("a/node-1", 8), ints(all.read(2).get("score")));
    assertEquals(1, records.size(), records.toString());
    String message = records.get(0).getMessage();
    assertTrue(message.startsWith("cannot copy the results of earlier iterations from the journal " + file + " into "
        + dir.resolve("missing") + " for the run's report (java."), message);
    assertTrue(message.endsWith("); the report holds them in memory"), message);
  }

  /** Each value as an int, by key (sorted). */
  private static Map<String, Integer> ints(Map<String, JsonNode> values) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    values.forEach((key, value) -> out.put(key, ResultValues.tree(value).intValue()));
    return out;
  }

  private static Map<String, Integer> ints(ObjectNode values) {
    Map<String, JsonNode> byKey = new java.util.TreeMap<>();
    values.fields().forEachRemaining(e -> byKey.put(e.getKey(), e.getValue()));
    return ints(byKey);
  }

  // ------------------------------------------------------------ AgentChecks

  @Test
  void onlyTheInstancesOwnNodeAndCurrentTokenMaySpeakForIt() {
    WorldStore.Instance i = instance("a", "node-1");
    i.token = 42;
    assertNull(AgentChecks.sender(i, "node-1", new AgentMessage.Claim(i.id, 42)));
    assertEquals("unknown task instance '9/x/node-1'",
        AgentChecks.sender(null, "node-1", new AgentMessage.Claim("9/x/node-1", 42)));
    assertTrue(AgentChecks.sender(i, "node-2", new AgentMessage.Claim(i.id, 42))
        .startsWith("the agent of node 'node-2' cannot speak for instance 1/a/node-1"));
    assertTrue(AgentChecks.sender(i, "node-1", new AgentMessage.Claim(i.id, 41)).startsWith("stale attempt token"));
  }

  @Test
  void anEndedInstanceOrSwarmChangesNothing() {
    WorldStore.Instance i = instance("a", "node-1");
    assertNull(AgentChecks.live(i, "s", null));
    assertTrue(AgentChecks.live(i, "s", "STOPPED").contains("swarm 's' has ended (STOPPED)"));
    i.state = InstanceState.TIMED_OUT;
    assertEquals("instance 1/a/node-1 has already ended (TIMED_OUT)", AgentChecks.live(i, "s", null));
  }

  @Test
  void aMessagesContentIsChecked() {
    SwarmGraph g = chain(Condition.FINISHED);
    Set<String> nodes = Set.of("node-1", "node-2");
    assertNull(AgentChecks.content(new AgentMessage.AddResult("i", 1, "w", null), g, nodes));
    assertEquals("a result needs a non-empty tag",
        AgentChecks.content(new AgentMessage.AddResult("i", 1, "", null), g, nodes));
    assertEquals("a global needs a non-empty name",
        AgentChecks.content(new AgentMessage.WriteGlobal("i", 1, null, null), g, nodes));
    assertEquals("scheduleNextIteration: unknown task 'c'; tasks of swarm 'flow': a, b",
        AgentChecks.content(new AgentMessage.NextIteration("i", 1, "c", List.of()), g, nodes));
    assertTrue(AgentChecks.content(new AgentMessage.NextIteration("i", 1, "b", List.of("node-1", "node-7")), g, nodes)
        .startsWith("scheduleNextIteration: unknown node 'node-7'"));
    assertNull(AgentChecks.content(new AgentMessage.NextIteration("i", 1, "b", List.of("node-2")), g, nodes));
  }
}
