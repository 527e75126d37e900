package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.HangGuard;
import dev.manta.runtime.LogRecords;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conductor driven message by message, as an agent on the wire would: every refusal of an
 * agent's message with its exact reason, what a stop does to instances not yet running, and what
 * the report shows of an instance still running when the swarm ended.
 */
class ScriptedAgentsTest {
  static final class First implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  static final class Second implements TaskBody {
    @Override
    public void run(TaskContext ctx) {}
  }

  /** A transport whose agents are the test: offers queue up, nothing is delivered on its own. */
  static final class Script implements AgentTransport {
    final Set<String> live;
    final BlockingQueue<Assignment> offers = new LinkedBlockingQueue<>();
    final List<Assignment> cancelled = Collections.synchronizedList(new ArrayList<>());

    Script(Set<String> live) {
      this.live = live;
    }

    @Override
    public void start(ConductorEndpoint conductor) {}

    @Override
    public Set<String> liveNodes() {
      return live;
    }

    @Override
    public void offer(Assignment assignment) {
      offers.add(assignment);
    }

    @Override
    public void cancel(Assignment assignment) {
      cancelled.add(assignment);
    }

    @Override
    public void close() {}

    Assignment next() throws InterruptedException {
      return HangGuard.next(offers, "an offer");
    }

    /** The next offers, {@code n} of them, by alias. */
    Map<String, Assignment> next(int n) throws InterruptedException {
      Map<String, Assignment> out = new java.util.TreeMap<>();
      for (int i = 0; i < n; i++) {
        Assignment a = next();
        out.put(a.alias(), a);
      }
      return out;
    }
  }

  /** A running conductor and its transport. */
  record Run(Conductor conductor, Script script, CompletableFuture<RunReport> report) {
    Reply send(Assignment a, AgentMessage m) {
      return conductor.handle(a.nodeId(), m);
    }

    Reply claim(Assignment a) {
      return send(a, new AgentMessage.Claim(a.instanceId(), a.token()));
    }

    Reply end(Assignment a, boolean succeeded, String error) {
      return send(a, new AgentMessage.Ended(a.instanceId(), a.token(), succeeded, error));
    }

    RunReport await() throws Exception {
      return HangGuard.get(report, "the end of the run");
    }
  }

  private static List<NodeSpec> nodes(int n) {
    List<NodeSpec> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(NodeSpec.of("node-" + i));
    }
    return out;
  }

  private static Run start(SwarmGraph graph, int nodes, Journal journal, ProgressListener listener) {
    Script script = new Script(Set.copyOf(nodes(nodes).stream().map(NodeSpec::id).toList()));
    Conductor conductor = new Conductor(graph, Map.of(), nodes(nodes), 3, script, journal, listener);
    CompletableFuture<RunReport> report = CompletableFuture.supplyAsync(conductor::run);
    return new Run(conductor, script, report);
  }

  private static SwarmGraph one() {
    return Swarms.define("scripted", s -> s.task(First.class, t -> t.alias("a").method(Method.ANY).maximum(1)));
  }

  /** Two tasks with no edge between them: both are offered at once. */
  private static SwarmGraph two() {
    return Swarms.define("pair", s -> {
      s.task(First.class, t -> t.alias("a").method(Method.ANY).maximum(1));
      s.task(Second.class, t -> t.alias("b").method(Method.ANY).maximum(1));
    });
  }

  private static boolean claimed(Reply r) {
    assertTrue(r.ok(), r.error());
    return r.value().asBoolean();
  }

  @Test
  void everyRefusalOfAnAgentsMessageNamesItsReason() throws Exception {
    Run run = start(one(), 2, null, null);
    Assignment a = run.script.next();
    String id = a.instanceId();
    String other = a.nodeId().equals("node-1") ? "node-2" : "node-1";

    assertEquals("unknown task instance '1/nope/" + a.nodeId() + "'",
        run.send(a, new AgentMessage.Claim("1/nope/" + a.nodeId(), a.token())).error());
    assertEquals("the agent of node '" + other + "' cannot speak for instance " + id + " of node '" + a.nodeId() + "'",
        run.conductor.handle(other, new AgentMessage.Claim(id, a.token())).error());
    assertEquals("stale attempt token for instance " + id + ": that attempt was superseded (the instance was offered"
        + " again, or a previous conductor offered it); the message changes nothing",
        run.send(a, new AgentMessage.Claim(id, a.token() + 1)).error());

    assertTrue(claimed(run.claim(a)), "the first claim runs the instance");
    assertFalse(claimed(run.claim(a)), "a duplicate claim does not run it twice");

    assertEquals("a global needs a non-empty name",
        run.send(a, new AgentMessage.WriteGlobal(id, a.token(), "", Json.toTree(1))).error());
    assertEquals("a global needs a non-empty name",
        run.send(a, new AgentMessage.WriteGlobal(id, a.token(), null, Json.toTree(1))).error());
    assertEquals("a result needs a non-empty tag",
        run.send(a, new AgentMessage.AddResult(id, a.token(), "", Json.toTree(1))).error());
    assertEquals("a result needs a non-empty tag",
        run.send(a, new AgentMessage.AddResult(id, a.token(), null, Json.toTree(1))).error());
    assertEquals("scheduleNextIteration: unknown task 'zz'; tasks of swarm 'scripted': a",
        run.send(a, new AgentMessage.NextIteration(id, a.token(), "zz", List.of())).error());
    assertEquals("scheduleNextIteration: unknown node 'node-7'; this run's nodes: node-1, node-2",
        run.send(a, new AgentMessage.NextIteration(id, a.token(), "a", List.of("node-7"))).error());

    assertTrue(run.send(a, new AgentMessage.WriteGlobal(id, a.token(), "g", Json.toTree(5))).ok());
    assertTrue(run.send(a, new AgentMessage.AddResult(id, a.token(), "r", Json.toTree(6))).ok());
    assertTrue(run.send(a, new AgentMessage.Log(id, a.token(), "INFO", "hello")).ok());
    assertEquals(Json.toTree(5), run.send(a, new AgentMessage.ReadGlobal(id, a.token(), "g")).value().get("value"));
    assertEquals(Reply.OK, run.end(a, true, null));

    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    assertEquals(Map.of("g", Json.toTree(5)), report.globals(), "refused messages changed nothing");
    assertEquals(Set.of("r"), report.results().get(1).keySet());
    InstanceReport instance = report.instances().get(0);
    assertEquals(InstanceState.SUCCEEDED, instance.state());
    assertEquals(List.of("INFO hello"), instance.logs());

    assertEquals("swarm 'scripted' has ended (COMPLETED); instance " + id + " can no longer read or change it",
        run.send(a, new AgentMessage.Log(id, a.token(), "INFO", "late")).error());
    assertEquals("swarm 'scripted' has ended (COMPLETED); instance " + id + " can no longer read or change it",
        run.send(a, new AgentMessage.ReadGlobal(id, a.token(), "g")).error());
    assertEquals(Reply.OK, run.end(a, false, "late failure"), "an end after the end is accepted and ignored");
    assertFalse(claimed(run.claim(a)));
  }

  @Test
  void anEndedInstanceCanNoLongerReadOrChangeTheWorld() throws Exception {
    Run run = start(two(), 2, null, null);
    Map<String, Assignment> offers = run.script.next(2);
    Assignment a = offers.get("a");
    Assignment b = offers.get("b");
    assertTrue(claimed(run.claim(a)));
    assertTrue(claimed(run.claim(b)));
    assertEquals(Reply.OK, run.end(a, true, null));
    String refusal = "instance " + a.instanceId() + " has already ended (SUCCEEDED)";
    assertEquals(refusal, run.send(a, new AgentMessage.Log(a.instanceId(), a.token(), "INFO", "x")).error());
    assertEquals(refusal, run.send(a, new AgentMessage.WriteGlobal(a.instanceId(), a.token(), "g", Json.toTree(1)))
        .error());
    assertEquals(refusal, run.send(a, new AgentMessage.AddResult(a.instanceId(), a.token(), "t", Json.toTree(1)))
        .error());
    assertEquals(refusal, run.send(a, new AgentMessage.GlobalNames(a.instanceId(), a.token())).error());
    assertEquals(Reply.OK, run.end(a, false, "again"), "a second end changes nothing");
    assertEquals(Reply.OK, run.end(b, true, null));
    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    assertEquals(Map.of(), report.globals());
    assertTrue(report.instances().stream().allMatch(i -> i.state() == InstanceState.SUCCEEDED), report.instances()
        .toString());
    assertTrue(report.instances().stream().allMatch(i -> i.logs().isEmpty()));
  }

  @Test
  void aStopLetsNoOfferedInstanceStartAndEndsTheRunStopped() throws Exception {
    Run run = start(two(), 2, null, null);
    Map<String, Assignment> offers = run.script.next(2);
    Assignment a = offers.get("a");
    Assignment b = offers.get("b");
    assertTrue(claimed(run.claim(a)));
    assertEquals(Reply.OK, run.send(a, new AgentMessage.Stop(a.instanceId(), a.token())));
    assertEquals(Reply.OK, run.send(a, new AgentMessage.Stop(a.instanceId(), a.token())), "a second stop is harmless");
    assertFalse(claimed(run.claim(b)), "an instance not yet running is not started once the swarm stops");
    assertFalse(run.report.isDone(), "the run waits for the running instance");
    assertEquals(Reply.OK, run.end(a, true, null));
    RunReport report = run.await();
    assertEquals(RunStatus.STOPPED, report.status());
    assertEquals(InstanceState.SUCCEEDED, report.instances("a").get(0).state());
    assertEquals(InstanceState.CANCELLED, report.instances("b").get(0).state());
  }

  /**
   * A swarm that fails while another task's instance runs: the report shows that instance
   * {@code RUNNING} (it never reported an end), live and when the finished journal is opened again.
   */
  @Test
  void anInstanceStillRunningWhenTheSwarmFailsIsReportedRunningAndReplayedSo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.jsonl");
    RunReport report;
    try (Journal journal = Journal.open(file)) {
      Run run = start(two(), 2, journal, null);
      Map<String, Assignment> offers = run.script.next(2);
      assertTrue(claimed(run.claim(offers.get("a"))));
      assertTrue(claimed(run.claim(offers.get("b"))));
      assertEquals(Reply.OK, run.end(offers.get("a"), false, "java.lang.IllegalStateException: boom"));
      report = run.await();
    }
    assertEquals(RunStatus.FAILED, report.status());
    String node = report.instances("a").get(0).node();
    assertEquals("task 'a' failed in iteration 1 on every node it ran on (" + node + "): " + node
        + ": java.lang.IllegalStateException: boom — tried 1 node(s), the most its maximum (1) allows",
        report.failure().orElseThrow());
    assertEquals(InstanceState.RUNNING, report.instances("b").get(0).state());
    assertTrue(Files.readString(file).contains("\"type\":\"instance-running\""));

    byte[] before = Files.readAllBytes(file);
    try (Journal journal = Journal.open(file)) {
      Run again = start(two(), 2, journal, null);
      RunReport replayed = again.await();
      assertTrue(replayed.resumed());
      assertEquals(RunStatus.FAILED, replayed.status());
      assertEquals(report.failure(), replayed.failure());
      assertEquals(InstanceState.RUNNING, replayed.instances("b").get(0).state());
      assertEquals(InstanceState.FAILED, replayed.instances("a").get(0).state());
      assertNull(again.script.offers.peek(), "nothing is offered again");
    }
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "reporting a finished journal changes nothing");
  }

  /** The progress of a slow instance names it RUNNING while it runs. */
  @Test
  void aSlowInstanceIsReportedRunningWhileItRuns() throws Exception {
    List<InstanceReport> notices = Collections.synchronizedList(new ArrayList<>());
    List<java.time.Duration> ran = Collections.synchronizedList(new ArrayList<>());
    ProgressListener listener = new ProgressListener() {
      @Override
      public void instanceStillRunning(InstanceReport instance, java.time.Duration running) {
        ran.add(running);
        notices.add(instance);
      }
    };
    Script script = new Script(Set.of("node-1"));
    Conductor conductor = new Conductor(one(), Map.of(), nodes(1), 3, script, null, listener,
        dev.manta.runtime.journal.RunIdentity.of(one(), nodes(1), Map.of()),
        new Conductor.Limits(java.time.Duration.ofMinutes(1), java.time.Duration.ofMillis(20), 1, 1 << 20));
    CompletableFuture<RunReport> done = CompletableFuture.supplyAsync(conductor::run);
    Run run = new Run(conductor, script, done);
    Assignment a = script.next();
    assertTrue(claimed(run.claim(a)));
    HangGuard.until(() -> notices.size() >= 2, "a second notice of the slow instance");
    assertEquals(InstanceState.RUNNING, notices.get(0).state());
    assertEquals(a.instanceId(), notices.get(0).id());
    for (int k = 0; k < 2; k++) {
      // notice k+1 comes once the instance has run (k+1) × slowNotice, not sooner
      assertTrue(ran.get(k).toMillis() >= 20L * (k + 1), "notice " + (k + 1) + " after " + ran);
    }
    assertEquals(Reply.OK, run.end(a, true, null));
    assertEquals(RunStatus.COMPLETED, run.await().status());
  }

  @Test
  void aResultOverTheLimitIsRefusedWithItsSize() throws Exception {
    Script script = new Script(Set.of("node-1"));
    Conductor conductor = new Conductor(one(), Map.of(), nodes(1), 3, script, null, null,
        dev.manta.runtime.journal.RunIdentity.of(one(), nodes(1), Map.of()),
        new Conductor.Limits(java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1), 1, 10));
    Run run = new Run(conductor, script, CompletableFuture.supplyAsync(conductor::run));
    Assignment a = script.next();
    assertTrue(claimed(run.claim(a)));
    JsonNode eleven = Json.toTree("123456789"); // 11 bytes of JSON with its quotes
    assertEquals("result 'w' of instance " + a.instanceId() + " is 11 bytes of JSON, over the limit of 10 bytes;"
        + " publish a smaller value (e.g. a path to a file the next task reads) or split it under several tags",
        run.send(a, new AgentMessage.AddResult(a.instanceId(), a.token(), "w", eleven)).error());
    assertTrue(run.send(a, new AgentMessage.AddResult(a.instanceId(), a.token(), "w", Json.toTree("12345678"))).ok(),
        "exactly at the limit");
    assertEquals(Reply.OK, run.end(a, true, null));
    RunReport report = run.await();
    assertNotNull(report.results().get(1));
    assertEquals(Json.toTree("12345678"), report.results(1, "w").get("a/node-1"));
  }

  private static SwarmGraph anyOfTwo() {
    return Swarms.define("retry", s -> s.task(First.class, t -> t.alias("a").method(Method.ANY).maximum(2)));
  }

  private static String otherNode(Assignment a) {
    return a.nodeId().equals("node-1") ? "node-2" : "node-1";
  }

  @Test
  void anOfferThatCannotBeDeliveredIsLostAndTriedElsewhere() throws Exception {
    Run run = start(anyOfTwo(), 2, null, null);
    Assignment first = run.script.next();
    run.conductor.offerFailed(first, "connection refused");
    Assignment second = run.script.next();
    assertEquals(otherNode(first), second.nodeId(), "the next try goes to the other node");
    assertEquals(2, second.attempt());
    run.conductor.offerFailed(first, "again"); // stale: that instance has ended already
    assertNull(run.script.offers.poll(200, TimeUnit.MILLISECONDS), "a stale failure changes nothing");
    assertTrue(claimed(run.claim(second)));
    assertEquals(Reply.OK, run.end(second, true, null));
    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    InstanceReport lost = report.instances().stream().filter(i -> i.node().equals(first.nodeId())).findFirst()
        .orElseThrow();
    assertEquals(InstanceState.LOST, lost.state());
    assertEquals("the offer to node '" + first.nodeId() + "' could not be delivered: connection refused", lost.error());
  }

  @Test
  void aLostNodesRunningInstanceIsCancelledReportedAndTriedElsewhere() throws Exception {
    List<String> lostNodes = Collections.synchronizedList(new ArrayList<>());
    ProgressListener listener = new ProgressListener() {
      @Override
      public void nodeLost(String node, String reason) {
        lostNodes.add(node + ": " + reason);
      }
    };
    Run run = start(anyOfTwo(), 2, null, listener);
    Assignment first = run.script.next();
    assertTrue(claimed(run.claim(first)));
    run.conductor.nodeLost(first.nodeId(), "its lease ran out");
    run.conductor.nodeLost(first.nodeId(), "twice");
    run.conductor.nodeLost("node-99", "not a node of this run");
    Assignment second = run.script.next();
    assertEquals(otherNode(first), second.nodeId());
    assertEquals(List.of(first.nodeId() + ": its lease ran out"), lostNodes, "told once, for its own nodes only");
    assertEquals(List.of(first), run.script.cancelled, "the lost instance's agent is told to stop it");
    assertTrue(run.send(first, new AgentMessage.Log(first.instanceId(), first.token(), "INFO", "late")).error()
        .contains("has already ended (LOST)"));
    assertTrue(claimed(run.claim(second)));
    assertEquals(Reply.OK, run.end(second, true, null));
    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    assertEquals("node '" + first.nodeId() + "' was lost: its lease ran out",
        report.instances().stream().filter(i -> i.state() == InstanceState.LOST).findFirst().orElseThrow().error());
  }

  @Test
  void anInstanceCallingSystemExitFailsItselfAndTheRun() throws Exception {
    Run run = start(two(), 2, null, null);
    Map<String, Assignment> offers = run.script.next(2);
    Assignment a = offers.get("a");
    assertTrue(claimed(run.claim(a)));
    RunReport report = run.conductor.failBecauseExit(a.instanceId(), "called System.exit (or Runtime.exit)");
    assertEquals(RunStatus.FAILED, report.status());
    assertEquals("instance " + a.instanceId() + " called System.exit (or Runtime.exit); the run was ended",
        report.failure().orElseThrow());
    InstanceReport failed = report.instances("a").get(0);
    assertEquals(InstanceState.FAILED, failed.state());
    assertEquals("called System.exit (or Runtime.exit); a task must not end the JVM: throw an exception to fail the"
        + " instance, or call world().stopSwarm()", failed.error());
    assertEquals(InstanceState.CANCELLED, report.instances("b").get(0).state(), "the offered instance is cancelled");
    assertEquals(report.failure(), run.await().failure(), "run() returns the same report");
  }

  @Test
  void anExitNamingAnInstanceThatAlreadyEndedFailsTheRunButNotThatInstance() throws Exception {
    Run run = start(two(), 2, null, null);
    Map<String, Assignment> offers = run.script.next(2);
    Assignment a = offers.get("a");
    assertTrue(claimed(run.claim(a)));
    assertEquals(Reply.OK, run.end(a, true, null));
    RunReport report = run.conductor.failBecauseExit(a.instanceId(), "called System.exit (or Runtime.exit)");
    assertEquals(RunStatus.FAILED, report.status());
    assertEquals("instance " + a.instanceId() + " called System.exit (or Runtime.exit); the run was ended",
        report.failure().orElseThrow());
    assertEquals(InstanceState.SUCCEEDED, report.instances("a").get(0).state(), "its end stands");
    assertNull(report.instances("a").get(0).error());
  }

  @Test
  void anExitAfterTheRunEndedChangesNothingTheListenerHears() throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ProgressListener listener = new ProgressListener() {
      @Override
      public void instanceEnded(InstanceReport instance) {
        heard.add(instance.id() + " " + instance.state());
      }

      @Override
      public void swarmEnded(RunReport report) {
        heard.add("swarm " + report.status());
      }
    };
    Run run = start(two(), 2, null, listener);
    Map<String, Assignment> offers = run.script.next(2);
    Assignment b = offers.get("b");
    assertTrue(claimed(run.claim(offers.get("a"))));
    assertTrue(claimed(run.claim(b)));
    assertEquals(Reply.OK, run.end(offers.get("a"), false, "boom"));
    RunReport report = run.await();
    assertEquals(RunStatus.FAILED, report.status());
    List<String> ended = List.copyOf(heard);
    assertEquals("swarm FAILED", ended.get(ended.size() - 1));
    RunReport after = run.conductor.failBecauseExit(b.instanceId(), "called System.exit");
    assertEquals(report.failure(), after.failure());
    assertEquals(InstanceState.RUNNING, after.instances("b").get(0).state());
    assertEquals(ended, heard, "nothing is heard after the swarm's end");
  }

  /**
   * A stop while another instance is offered but not yet claimed: the run waits for that claim,
   * refuses it, and only then ends STOPPED.
   */
  @Test
  void aStoppedRunEndsOnceItsLastOfferedInstanceIsRefusedItsClaim() throws Exception {
    Run run = start(two(), 2, null, null);
    Map<String, Assignment> offers = run.script.next(2);
    Assignment a = offers.get("a");
    Assignment b = offers.get("b");
    assertTrue(claimed(run.claim(a)));
    assertEquals(Reply.OK, run.send(a, new AgentMessage.Stop(a.instanceId(), a.token())));
    assertEquals(Reply.OK, run.end(a, true, null));
    assertFalse(run.report.isDone(), "b was offered: the run waits to hear from its agent");
    assertFalse(claimed(run.claim(b)), "b does not start once the swarm stops");
    RunReport report = run.await();
    assertEquals(RunStatus.STOPPED, report.status());
    assertEquals(InstanceState.SUCCEEDED, report.instances("a").get(0).state());
    assertEquals(InstanceState.CANCELLED, report.instances("b").get(0).state());
  }

  @Test
  void anExitFromCodeThatIsNoTaskEndsTheRunNamingNoInstance() throws Exception {
    Run run = start(one(), 1, null, null);
    Assignment a = run.script.next();
    RunReport report = run.conductor.failBecauseExit(null, "called System.exit (or Runtime.exit)");
    assertEquals("task code called System.exit (or Runtime.exit); the run was ended", report.failure().orElseThrow());
    assertEquals(InstanceState.CANCELLED, report.instances("a").get(0).state());
    assertEquals(report.failure(),
        run.conductor.failBecauseExit(a.instanceId(), "again").failure(), "a second exit changes nothing");
  }

  @Test
  void interruptingTheRunEndsItFailedAndKeepsTheInterrupt() throws Exception {
    Script script = new Script(Set.of("node-1"));
    Conductor conductor = new Conductor(one(), Map.of(), nodes(1), 3, script, null, null);
    CompletableFuture<RunReport> report = new CompletableFuture<>();
    CompletableFuture<Boolean> flag = new CompletableFuture<>();
    Thread runner = new Thread(() -> {
      report.complete(conductor.run());
      flag.complete(Thread.currentThread().isInterrupted());
    });
    runner.start();
    script.next();
    runner.interrupt();
    RunReport r = HangGuard.get(report, "the end of the interrupted run");
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals("interrupted while swarm 'scripted' was running", r.failure().orElseThrow());
    assertTrue(HangGuard.get(flag, "the runner thread's end"), "the interrupt is kept for the caller");
  }

  @Test
  void aResumedInstanceWhoseNodeIsGoneIsLostAndTriedElsewhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.jsonl");
    String node;
    try (Journal journal = Journal.open(file)) {
      Run run = start(anyOfTwo(), 2, journal, null);
      Assignment a = run.script.next();
      node = a.nodeId();
      assertTrue(claimed(run.claim(a)));
      assertEquals(Reply.OK, run.end(a, true, null));
      run.await();
    }
    // What the first conductor had committed when it died: up to the instance's "running".
    List<String> lines = Files.readAllLines(file);
    int running = 0;
    while (!lines.get(running).contains("\"type\":\"instance-running\"")) {
      running++;
    }
    Files.write(file, lines.subList(0, running + 1));

    Script script = new Script(Set.of(node.equals("node-1") ? "node-2" : "node-1"));
    RunReport report;
    try (Journal journal = Journal.open(file)) {
      Conductor conductor = new Conductor(anyOfTwo(), Map.of(), nodes(2), 3, script, journal, null);
      Run run = new Run(conductor, script, CompletableFuture.supplyAsync(conductor::run));
      Assignment retry = script.next();
      assertEquals(script.live, Set.of(retry.nodeId()));
      assertEquals(2, retry.attempt());
      assertTrue(claimed(run.claim(retry)));
      assertEquals(Reply.OK, run.end(retry, true, null));
      report = run.await();
    }
    assertTrue(report.resumed());
    assertEquals(RunStatus.COMPLETED, report.status());
    InstanceReport lost = report.instances().stream().filter(i -> i.node().equals(node)).findFirst().orElseThrow();
    assertEquals(InstanceState.LOST, lost.state());
    assertEquals("node '" + node + "' was lost before the instance could be offered", lost.error());
  }

  /**
   * Journals a whole run of {@link #one()} (one instance, one iteration) to {@code file}, then keeps
   * only its lines up to the first entry of {@code type}: what a conductor that died there left.
   */
  private void journalOfOneRunCutAfter(Path file, String type) throws Exception {
    try (Journal journal = Journal.open(file)) {
      Run run = start(one(), 1, journal, null);
      Assignment a = run.script.next();
      assertTrue(claimed(run.claim(a)));
      assertEquals(Reply.OK, run.end(a, true, null));
      run.await();
    }
    List<String> lines = Files.readAllLines(file);
    int last = 0;
    while (!lines.get(last).contains("\"type\":\"" + type + "\"")) {
      last++;
    }
    Files.write(file, lines.subList(0, last + 1));
  }

  @Test
  void aRunResumedMidIterationJournalsThatIterationsStartOnce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.jsonl");
    // What the first conductor had committed when it died: up to the instance's "running".
    journalOfOneRunCutAfter(file, "instance-running");
    try (Journal journal = Journal.open(file)) {
      Run run = start(one(), 1, journal, null);
      Assignment again = run.script.next();
      assertTrue(claimed(run.claim(again)));
      assertEquals(Reply.OK, run.end(again, true, null));
      assertEquals(RunStatus.COMPLETED, run.await().status());
    }
    assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.contains("\"type\":\"iteration-started\"")).count(),
        "the resumed iteration goes on; it does not start again");
  }

  /** A conductor that died right after an iteration's end resumes at that end: nothing runs or ends again. */
  @Test
  void aRunResumedAfterAnIterationsEndDoesNotRunThatIterationAgain(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.jsonl");
    journalOfOneRunCutAfter(file, "iteration-ended");
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ProgressListener listener = new ProgressListener() {
      @Override
      public void iterationStarted(String swarm, int iteration) {
        heard.add("iteration-started " + iteration);
      }
    };
    try (Journal journal = Journal.open(file)) {
      Run run = start(one(), 1, journal, listener);
      RunReport report = run.await();
      assertEquals(RunStatus.COMPLETED, report.status());
      assertNull(run.script.offers.peek(), "nothing is offered again");
    }
    assertEquals(List.of(), heard, "iteration 1 does not start again");
    assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.contains("\"type\":\"iteration-ended\"")).count());
  }

  /** A journal that fails under a running swarm ends it FAILED, and a listener hears that end. */
  @Test
  void aListenerHearsTheEndOfARunWhoseJournalFailed(@TempDir Path dir) throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ProgressListener listener = new ProgressListener() {
      @Override
      public void swarmEnded(RunReport report) {
        heard.add(report.status() + ": " + report.failure().orElse(""));
      }
    };
    Journal journal = Journal.open(dir.resolve("run.jsonl"));
    Run run = start(one(), 1, journal, listener);
    Assignment a = run.script.next();
    assertTrue(claimed(run.claim(a)));
    journal.close(); // the file goes away under the conductor
    String refusal = run.send(a, new AgentMessage.WriteGlobal(a.instanceId(), a.token(), "g", Json.toTree(1))).error();
    assertTrue(refusal.startsWith("the conductor could not journal it: "), refusal);
    RunReport report = run.await();
    assertEquals(RunStatus.FAILED, report.status());
    assertEquals(List.of("FAILED: " + report.failure().orElseThrow()), heard);
    assertTrue(report.failure().orElseThrow().startsWith("the journal cannot be written: "), report.failure().get());
  }

  /** An ALL task one of whose offers cannot be delivered is done with the instances that ran. */
  @Test
  void anAllTaskWhoseOfferCannotBeDeliveredCompletesWithTheInstancesThatRan() throws Exception {
    SwarmGraph g = Swarms.define("all", s -> s.task(First.class, t -> t.alias("a").method(Method.ALL)));
    Run run = start(g, 2, null, null);
    Map<String, Assignment> offers = new java.util.TreeMap<>();
    for (int i = 0; i < 2; i++) {
      Assignment next = run.script.next();
      offers.put(next.nodeId(), next);
    }
    assertTrue(claimed(run.claim(offers.get("node-1"))));
    assertEquals(Reply.OK, run.end(offers.get("node-1"), true, null));
    run.conductor.offerFailed(offers.get("node-2"), "connection refused");
    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    assertEquals(List.of(InstanceState.SUCCEEDED, InstanceState.LOST),
        report.instances("a").stream().map(InstanceReport::state).toList());
  }

  /**
   * The journal fails as the last instance reports its end, so the swarm's end itself never
   * reaches the disk: the report says FAILED naming the journal, never COMPLETED.
   */
  @Test
  void aRunWhoseJournalFailsAtItsEndIsReportedFailedNamingTheJournal(@TempDir Path dir) throws Exception {
    Journal journal = Journal.open(dir.resolve("run.jsonl"));
    Run run = start(one(), 1, journal, null);
    Assignment a = run.script.next();
    assertTrue(claimed(run.claim(a)));
    journal.close(); // the file goes away under the conductor
    assertEquals(Reply.OK, run.end(a, true, null));
    RunReport report = run.await();
    assertEquals(RunStatus.FAILED, report.status());
    String failure = report.failure().orElseThrow();
    assertTrue(failure.startsWith("the journal cannot be written: "), failure);
  }

  /** A short timeout is kept while a longer one is pending: each instance has its own. */
  @Test
  void anInstancesShortTimeoutIsKeptWhileAnotherWithALongerOneRuns() throws Exception {
    SwarmGraph g = Swarms.define("timeouts", s -> {
      s.task(First.class, t -> t.alias("a").method(Method.ANY).maximum(1).timeout(java.time.Duration.ofMinutes(10)));
      s.task(Second.class, t -> t.alias("b").method(Method.ANY).maximum(1).timeout(java.time.Duration.ofMillis(100)));
    });
    Run run = start(g, 1, null, null);
    Map<String, Assignment> offers = run.script.next(2);
    assertTrue(claimed(run.claim(offers.get("a"))), "the long timeout is set first");
    assertTrue(claimed(run.claim(offers.get("b"))));
    RunReport report = run.await(); // b times out, and with it the swarm
    assertEquals(RunStatus.FAILED, report.status());
    assertEquals(InstanceState.TIMED_OUT, report.instances("b").get(0).state());
    assertEquals(InstanceState.RUNNING, report.instances("a").get(0).state());
  }

  @Test
  void aResultEdgeStartsTheNextTaskAtTheFirstResultNotBefore() throws Exception {
    SwarmGraph g = Swarms.define("streaming", s -> {
      var a = s.task(First.class, t -> t.alias("a").method(Method.ANY).maximum(1));
      s.task(Second.class, t -> t.alias("b").method(Method.ANY).maximum(1)).after(dev.manta.Condition.RESULT, a);
    });
    Run run = start(g, 1, null, null);
    Assignment a = run.script.next();
    assertTrue(claimed(run.claim(a)));
    assertTrue(run.send(a, new AgentMessage.Log(a.instanceId(), a.token(), "INFO", "working")).ok());
    assertNull(run.script.offers.poll(200, TimeUnit.MILLISECONDS), "b waits for a's first result");
    assertTrue(run.send(a, new AgentMessage.AddResult(a.instanceId(), a.token(), "partial", Json.toTree(1))).ok());
    Assignment b = run.script.next();
    assertEquals("b", b.alias());
    assertTrue(claimed(run.claim(b)));
    assertEquals(Json.toTree(1), dev.manta.graph.RawJson.tree(run.send(b, new AgentMessage.SelectResults(b.instanceId(),
        b.token(), 0, "partial")).value().get("a/node-1")), "b reads a's result while a still runs");
    assertEquals(Reply.OK, run.end(b, true, null));
    assertFalse(run.report.isDone(), "the iteration waits for a");
    assertEquals(Reply.OK, run.end(a, true, null));
    assertEquals(RunStatus.COMPLETED, run.await().status());
  }

  @Test
  void aListenerThatThrowsIsLoggedAndTheRunGoesOn() throws Exception {
    List<java.util.logging.LogRecord> records;
    try (LogRecords log = LogRecords.of(GuardedListener.class)) {
      ProgressListener broken = new ProgressListener() {
        @Override
        public void taskStarted(String alias, int iteration, List<String> nodes) {
          throw new IllegalStateException("listener bug");
        }
      };
      Run run = start(one(), 1, null, broken);
      Assignment a = run.script.next();
      assertTrue(claimed(run.claim(a)));
      assertEquals(Reply.OK, run.end(a, true, null));
      assertEquals(RunStatus.COMPLETED, run.await().status());
      records = log.list();
    }
    assertEquals(1, records.size(), records.toString());
    assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
    assertEquals("progress listener failed: java.lang.IllegalStateException: listener bug", records.get(0).getMessage());
  }

  @Test
  void aConductorRunsItsSwarmOnce() throws Exception {
    Run run = start(one(), 1, null, null);
    Assignment a = run.script.next();
    IllegalStateException e = assertThrows(IllegalStateException.class, run.conductor::run);
    assertEquals("a Conductor runs its swarm once; create a new one (on the same journal to resume)", e.getMessage());
    assertTrue(claimed(run.claim(a)), "the first run goes on");
    assertEquals(Reply.OK, run.end(a, true, null));
    assertEquals(RunStatus.COMPLETED, run.await().status());
  }

  /**
   * A node this conductor was told is lost gets no new instance even while the transport still
   * lists it live, until it joins again.
   */
  @Test
  void aLostNodeGetsNoNewInstanceUntilItJoinsAgain() throws Exception {
    SwarmGraph g = Swarms.define("rejoin", s -> {
      var a = s.task(First.class, t -> t.alias("a").method(Method.ANY).maximum(1));
      var b = s.task(Second.class, t -> t.alias("b").method(Method.ALL)).after(a);
      s.task(First.class, t -> t.alias("c").method(Method.ALL)).after(b);
    });
    Run run = start(g, 2, null, null);
    Assignment a = run.script.next();
    String other = otherNode(a);
    run.conductor.nodeLost(other, "its lease ran out");
    assertTrue(claimed(run.claim(a)));
    assertEquals(Reply.OK, run.end(a, true, null));
    Assignment b = run.script.next();
    assertEquals(a.nodeId(), b.nodeId(), "b goes only where a ran: " + other + " is lost");
    assertNull(run.script.offers.poll(200, TimeUnit.MILLISECONDS), "nothing is offered to the lost node");
    run.conductor.nodeJoined(other);
    assertTrue(claimed(run.claim(b)));
    assertEquals(Reply.OK, run.end(b, true, null));
    Map<String, Assignment> c = new java.util.TreeMap<>();
    for (int i = 0; i < 2; i++) {
      Assignment next = run.script.next();
      c.put(next.nodeId(), next);
    }
    assertEquals(Set.of("node-1", "node-2"), c.keySet(), "the node that joined again runs c");
    for (Assignment x : c.values()) {
      assertTrue(claimed(run.claim(x)));
      assertEquals(Reply.OK, run.end(x, true, null));
    }
    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    assertEquals(List.of(a.nodeId()), report.instances("b").stream().map(InstanceReport::node).toList());
    assertTrue(report.instances().stream().allMatch(i -> i.state() == InstanceState.SUCCEEDED), report.instances()
        .toString());
  }

  /**
   * An instance that runs past its timeout is ended TIMED_OUT with the reason, its agent is told to
   * stop it, and an ANY task tries another node.
   */
  @Test
  void anInstancePastItsTimeoutIsCancelledAndTriedElsewhere() throws Exception {
    Script script = new Script(Set.of("node-1", "node-2"));
    Conductor conductor = new Conductor(anyOfTwo(), Map.of(), nodes(2), 3, script, null, null,
        dev.manta.runtime.journal.RunIdentity.of(anyOfTwo(), nodes(2), Map.of()),
        new Conductor.Limits(java.time.Duration.ofMillis(100), java.time.Duration.ofMinutes(1), 1, 1 << 20));
    Run run = new Run(conductor, script, CompletableFuture.supplyAsync(conductor::run));
    Assignment first = script.next();
    assertEquals(100, first.timeoutMillis(), "the agent is told the timeout");
    assertTrue(claimed(run.claim(first)));
    Assignment second = script.next(); // offered once the first timed out
    assertEquals(otherNode(first), second.nodeId());
    assertEquals(2, second.attempt());
    assertEquals(List.of(first), script.cancelled, "the timed-out instance's agent is told to stop it");
    assertTrue(claimed(run.claim(second)));
    assertEquals(Reply.OK, run.end(second, true, null));
    RunReport report = run.await();
    assertEquals(RunStatus.COMPLETED, report.status());
    InstanceReport late = report.instances().stream().filter(i -> i.node().equals(first.nodeId())).findFirst()
        .orElseThrow();
    assertEquals(InstanceState.TIMED_OUT, late.state());
    assertEquals("ran longer than its timeout of 100ms and was interrupted; raise @Task(timeout = ...) or"
        + " -Dmanta.taskTimeout if it needs longer", late.error());
    assertEquals(Reply.OK, run.end(first, true, null), "its late end is accepted and changes nothing");
  }

  /** A listener hears each step of a run once, in order, from the iteration's start to the swarm's end. */
  @Test
  void theListenerHearsEveryStepInOrder() throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    ProgressListener listener = new ProgressListener() {
      @Override
      public void iterationStarted(String swarm, int iteration) {
        heard.add("iteration-started " + swarm + " " + iteration);
      }

      @Override
      public void taskStarted(String alias, int iteration, List<String> nodes) {
        heard.add("task-started " + alias + " " + iteration + " " + nodes);
      }

      @Override
      public void instanceEnded(InstanceReport instance) {
        heard.add("instance-ended " + instance.id() + " " + instance.state());
      }

      @Override
      public void iterationEnded(String swarm, int iteration) {
        heard.add("iteration-ended " + swarm + " " + iteration);
      }

      @Override
      public void swarmEnded(RunReport report) {
        heard.add("swarm-ended " + report.swarm() + " " + report.status());
      }
    };
    Run run = start(one(), 1, null, listener);
    Assignment a = run.script.next();
    assertTrue(claimed(run.claim(a)));
    assertEquals(Reply.OK, run.end(a, true, null));
    assertEquals(RunStatus.COMPLETED, run.await().status());
    assertEquals(List.of("iteration-started scripted 1", "task-started a 1 [node-1]",
        "instance-ended 1/a/node-1 SUCCEEDED", "iteration-ended scripted 1", "swarm-ended scripted COMPLETED"), heard);
  }

  @Test
  void aSecondStopIsNotJournaledAgain(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.jsonl");
    try (Journal journal = Journal.open(file)) {
      Run run = start(one(), 1, journal, null);
      Assignment a = run.script.next();
      assertTrue(claimed(run.claim(a)));
      assertEquals(Reply.OK, run.send(a, new AgentMessage.Stop(a.instanceId(), a.token())));
      assertEquals(Reply.OK, run.send(a, new AgentMessage.Stop(a.instanceId(), a.token())));
      assertEquals(Reply.OK, run.end(a, true, null));
      assertEquals(RunStatus.STOPPED, run.await().status());
    }
    assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.contains("\"type\":\"stop-requested\"")).count());
  }
}
