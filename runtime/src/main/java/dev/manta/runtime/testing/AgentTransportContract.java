package dev.manta.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AgentTransport} must do, as a JUnit 5 suite: extend it, say how to make the
 * transport and how to kill a node's agent, and the tests run against it. {@code LocalTransport}
 * passes it ({@code LocalTransportContractTest}); a cluster transport runs the same suite.
 *
 * <p>The tests: every message reaches the conductor as JSON-equal records with the assignment's
 * token and the sender's node; a refused message reaches the task as an exception; an undeliverable
 * offer is reported, not thrown; {@code cancel} interrupts the running task; a node killed
 * mid-instance is reported lost within its lease; duplicate and late messages change nothing; and a
 * run in which 30% of the agents die mid-round completes, the same way for the same seed.
 */
public abstract class AgentTransportContract {
  /** Every wait of the suite; none is a timing assertion. */
  protected static final long WAIT_SECONDS = 60;

  /** The task class the suite's assignments name; {@link #transport} must run {@code tasks} for it. */
  public static final class Probe implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      throw new IllegalStateException("the suite registers the task behaviour");
    }
  }

  /**
   * A started-later transport for {@code nodes} whose agents create task objects of {@link Probe}
   * with {@code task}, with leases of {@code lease}.
   */
  protected abstract AgentTransport transport(List<NodeSpec> nodes, Supplier<TaskBody> task, Duration lease);

  /** Kills the agent of {@code node} now: no more heartbeats, its messages never arrive. */
  protected abstract void kill(AgentTransport transport, String node);

  /** Records what the transport delivers; answers like a conductor that accepts everything once. */
  protected static final class Recorder implements ConductorEndpoint {
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    public final List<AgentMessage> messages = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> ended = Collections.synchronizedSet(new TreeSet<>());

    @Override
    public Reply handle(String nodeId, AgentMessage message) {
      messages.add(message);
      events.add("message " + nodeId + " " + message.getClass().getSimpleName() + " " + message.token());
      if (message instanceof AgentMessage.Claim) {
        return Reply.of(com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
      }
      if (message instanceof AgentMessage.Ended) {
        return ended.add(message.instanceId()) ? Reply.OK : Reply.refused("already ended");
      }
      if (message instanceof AgentMessage.AddResult a && a.tag().equals("refuse-me")) {
        return Reply.refused("refused on purpose");
      }
      return Reply.OK;
    }

    @Override
    public void nodeLost(String nodeId, String reason) {
      events.add("lost " + nodeId);
    }

    @Override
    public void offerFailed(Assignment assignment, String reason) {
      events.add("offer-failed " + assignment.instanceId());
    }

    /** The next event starting with {@code prefix}, waiting at most {@link #WAIT_SECONDS}. */
    public String await(String prefix) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (true) {
        String e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("no '" + prefix + "' event within " + WAIT_SECONDS + " s; got " + messages);
        }
        if (e.startsWith(prefix)) {
          return e;
        }
      }
    }
  }

  private static Assignment assignment(String node, long token) {
    return new Assignment("1/probe/" + node, "contract", 1, "probe", "probe", Probe.class.getName(), node, 1, token,
        60_000);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("waited " + WAIT_SECONDS + " s in vain");
    }
  }

  @Test
  void messagesArriveWithTheAssignmentsTokenAndTheSendersNodeAndRefusalsReachTheTask() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Recorder recorder = new Recorder();
    try (AgentTransport t = transport(Nodes.count(2), () -> ctx -> {
      ctx.globals().set("g", List.of(1.5, 2.5));
      ctx.results().add("r", Map.of("k", 1));
      ctx.log().info("hello %d", 7);
      try {
        ctx.results().add("refuse-me", 1);
      } catch (IllegalStateException e) {
        seen.add(e.getMessage());
      }
    }, Duration.ofSeconds(5))) {
      t.start(recorder);
      t.offer(assignment("node-2", 4242));
      recorder.await("message node-2 Ended 4242");
    }
    assertEquals(List.of("refused on purpose"), seen);
    List<String> kinds = recorder.messages.stream().map(m -> m.getClass().getSimpleName()).toList();
    assertEquals(List.of("Claim", "WriteGlobal", "AddResult", "Log", "AddResult", "Ended"), kinds);
    assertTrue(recorder.messages.stream().allMatch(m -> m.token() == 4242 && m.instanceId().equals("1/probe/node-2")));
    AgentMessage.WriteGlobal g = (AgentMessage.WriteGlobal) recorder.messages.get(1);
    assertEquals("[1.5,2.5]", g.value().toString());
    assertEquals("hello 7", ((AgentMessage.Log) recorder.messages.get(3)).text());
  }

  @Test
  void anOfferThatCannotBeDeliveredIsReportedNotThrown() throws Exception {
    Recorder recorder = new Recorder();
    try (AgentTransport t = transport(Nodes.count(1), () -> ctx -> { }, Duration.ofSeconds(5))) {
      t.start(recorder);
      t.offer(assignment("node-9", 1));
      assertEquals("offer-failed 1/probe/node-9", recorder.await("offer-failed"));
    }
  }

  @Test
  void cancelInterruptsTheRunningTask() throws Exception {
    Recorder recorder = new Recorder();
    CountDownLatch started = new CountDownLatch(1);
    List<String> outcome = Collections.synchronizedList(new ArrayList<>());
    try (AgentTransport t = transport(Nodes.count(1), () -> ctx -> {
      started.countDown();
      try {
        new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
        outcome.add("not interrupted");
      } catch (InterruptedException e) {
        outcome.add("interrupted");
        throw e;
      }
    }, Duration.ofSeconds(5))) {
      t.start(recorder);
      Assignment a = assignment("node-1", 9);
      t.offer(a);
      await(started);
      t.cancel(a);
      recorder.await("message node-1 Ended 9");
    }
    assertEquals(List.of("interrupted"), outcome);
    AgentMessage.Ended ended = (AgentMessage.Ended) recorder.messages.get(recorder.messages.size() - 1);
    assertTrue(!ended.succeeded() && ended.error().contains("InterruptedException"), ended.toString());
  }

  @Test
  void aNodeKilledMidInstanceIsReportedLostWithinItsLease() throws Exception {
    Recorder recorder = new Recorder();
    CountDownLatch started = new CountDownLatch(1);
    AgentTransport[] holder = new AgentTransport[1];
    try (AgentTransport t = transport(Nodes.count(2), () -> ctx -> {
      started.countDown();
      kill(holder[0], ctx.world().nodeId());
      ctx.results().add("after-death", 1); // never arrives
    }, Duration.ofMillis(300))) {
      holder[0] = t;
      t.start(recorder);
      t.offer(assignment("node-1", 5));
      await(started);
      assertEquals("lost node-1", recorder.await("lost"));
      assertTrue(t.liveNodes().contains("node-2") && !t.liveNodes().contains("node-1"), t.liveNodes().toString());
    }
    assertTrue(recorder.messages.stream().noneMatch(m -> m instanceof AgentMessage.AddResult), recorder.messages.toString());
  }

  @Test
  void duplicateAndLateMessagesChangeNothing() {
    SwarmGraph g = Swarms.define("contract_late", s -> s.task(Probe.class, t -> t.alias("probe").method(Method.ALL)));
    List<NodeSpec> nodes = Nodes.count(2);
    ConductorEndpoint[] endpoint = new ConductorEndpoint[1];
    List<Reply> late = Collections.synchronizedList(new ArrayList<>());
    AgentTransport inner = transport(nodes, () -> ctx -> ctx.results().add("v", 1), Duration.ofSeconds(5));
    List<AgentMessage> sent = Collections.synchronizedList(new ArrayList<>());
    AgentTransport t = new ForwardingTransport(inner) {
      @Override
      public void start(ConductorEndpoint conductor) {
        endpoint[0] = conductor;
        super.start((node, m) -> {
          sent.add(m);
          return conductor.handle(node, m);
        }, conductor);
      }
    };
    RunReport r = new Conductor(g, Map.of(), nodes, 3, t, null, null).run().requireCompleted();
    for (AgentMessage m : List.copyOf(sent)) {
      String node = m.instanceId().substring(m.instanceId().lastIndexOf('/') + 1);
      AgentMessage replay = m instanceof AgentMessage.AddResult a
          ? new AgentMessage.AddResult(a.instanceId(), a.token(), a.tag(), IntNode.valueOf(99)) : m;
      late.add(endpoint[0].handle(node, replay));
    }
    assertEquals(Map.of("probe/node-1", IntNode.valueOf(1), "probe/node-2", IntNode.valueOf(1)), r.results(1, "v"));
    assertTrue(late.stream().filter(x -> !x.ok()).count() >= 2, late.toString());
    assertEquals(2, r.instances().stream().filter(i -> i.state() == InstanceState.SUCCEEDED).count());
  }

  @Test
  void thirtyPercentOfTheAgentsDieMidRoundAndTheRunCompletesTheSameWayForASeed() {
    RunReport first = dropoutRun(5);
    RunReport second = dropoutRun(5);
    Set<String> lost = first.instances().stream().filter(i -> i.state() == InstanceState.LOST)
        .map(InstanceReport::node).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(3, lost.size(), first.summary());
    assertEquals(7, first.results(1, "v").size());
    assertEquals(first.results(), second.results());
    assertEquals(lost, second.instances().stream().filter(i -> i.state() == InstanceState.LOST)
        .map(InstanceReport::node).collect(Collectors.toCollection(TreeSet::new)));
  }

  private RunReport dropoutRun(long seed) {
    List<NodeSpec> nodes = Nodes.count(10);
    List<String> ids = new ArrayList<>(nodes.stream().map(NodeSpec::id).sorted().toList());
    Collections.shuffle(ids, new Random(seed));
    Set<String> doomed = Set.copyOf(ids.subList(0, 3));
    SwarmGraph g = Swarms.define("contract_dropout", s -> s.task(Probe.class, t -> t.alias("probe").method(Method.ALL)));
    AgentTransport[] holder = new AgentTransport[1];
    holder[0] = transport(nodes, () -> ctx -> {
      if (doomed.contains(ctx.world().nodeId())) {
        kill(holder[0], ctx.world().nodeId());
      }
      ctx.results().add("v", ctx.world().nodeId());
    }, Duration.ofSeconds(1)); // 300 ms lost healthy agents of the HTTP transport at load 10-14 on 2 cores
    return new Conductor(g, Map.of(), nodes, seed, holder[0], null, null).run().requireCompleted();
  }

  /** A transport that forwards to another, so the suite can watch what the conductor receives. */
  private static class ForwardingTransport implements AgentTransport {
    private final AgentTransport inner;

    ForwardingTransport(AgentTransport inner) {
      this.inner = inner;
    }

    /** Starts the inner transport with {@code messages} answering agent messages and {@code events} the rest. */
    void start(java.util.function.BiFunction<String, AgentMessage, Reply> messages, ConductorEndpoint events) {
      inner.start(new ConductorEndpoint() {
        @Override
        public Reply handle(String nodeId, AgentMessage message) {
          return messages.apply(nodeId, message);
        }

        @Override
        public void nodeLost(String nodeId, String reason) {
          events.nodeLost(nodeId, reason);
        }

        @Override
        public void offerFailed(Assignment assignment, String reason) {
          events.offerFailed(assignment, reason);
        }
      });
    }

    @Override
    public void start(ConductorEndpoint conductor) {
      inner.start(conductor);
    }

    @Override
    public Set<String> liveNodes() {
      return inner.liveNodes();
    }

    @Override
    public void offer(Assignment assignment) {
      inner.offer(assignment);
    }

    @Override
    public void cancel(Assignment assignment) {
      inner.cancel(assignment);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
