package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.local.LocalTransport;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Attempt tokens: a message from a superseded attempt, another node or another conductor changes nothing. */
class FencingTest {
  private static final SwarmGraph G = Swarms.define("fence", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));

  /** The local transport, with the conductor's endpoint and every assignment in view of the test. */
  static final class Watched implements AgentTransport {
    final LocalTransport local;
    final Map<String, Assignment> offered = new ConcurrentHashMap<>();
    volatile ConductorEndpoint endpoint;

    Watched(List<NodeSpec> nodes, Supplier<TaskBody> task) {
      local = new LocalTransport(nodes, new TaskFactories(Map.of(A.class.getName(), task), getClass().getClassLoader()),
          4, true);
    }

    @Override
    public void start(ConductorEndpoint conductor) {
      endpoint = conductor;
      local.start(conductor);
    }

    @Override
    public Set<String> liveNodes() {
      return local.liveNodes();
    }

    @Override
    public void offer(Assignment assignment) {
      offered.put(assignment.instanceId(), assignment);
      local.offer(assignment);
    }

    @Override
    public void cancel(Assignment assignment) {
      local.cancel(assignment);
    }

    @Override
    public void close() {
      local.close();
    }
  }

  private static AgentMessage.AddResult add(Assignment a, long token, String tag) {
    return new AgentMessage.AddResult(a.instanceId(), token, tag, IntNode.valueOf(666));
  }

  @Test
  void staleTokensOtherNodesAndEndedAttemptsAreRefusedAndChangeNothing() {
    Map<String, Reply> replies = new ConcurrentHashMap<>();
    Watched[] transport = new Watched[1];
    TaskBody probe = ctx -> {
      Assignment mine = transport[0].offered.get("1/a/" + ctx.world().nodeId());
      if (ctx.world().nodeId().equals("node-1")) {
        ConductorEndpoint c = transport[0].endpoint;
        replies.put("stale", c.handle("node-1", add(mine, mine.token() + 1, "stale")));
        replies.put("other node", c.handle("node-2", add(mine, mine.token(), "other")));
        replies.put("unknown", c.handle("node-1", new AgentMessage.AddResult("9/x/node-1", mine.token(), "u",
            IntNode.valueOf(1))));
        replies.put("own", c.handle("node-1", add(mine, mine.token(), "own")));
      }
    };
    List<NodeSpec> nodes = Nodes.count(2);
    transport[0] = new Watched(nodes, () -> probe);
    RunReport r = new Conductor(G, Map.of(), nodes, 1, transport[0], null, null).run().requireCompleted();
    assertTrue(replies.get("stale").error().contains("stale attempt token"), replies.toString());
    assertTrue(replies.get("other node").error().contains("cannot speak for instance 1/a/node-1"), replies.toString());
    assertTrue(replies.get("unknown").error().contains("unknown task instance"), replies.toString());
    assertTrue(replies.get("own").ok(), replies.toString());
    assertEquals(Set.of("own"), r.results().get(1).keySet());

    // After the instance ended, even its own token changes nothing.
    Assignment ended = transport[0].offered.get("1/a/node-1");
    Reply late = transport[0].endpoint.handle("node-1", add(ended, ended.token(), "late"));
    assertFalse(late.ok());
  }

  @Test
  void anAgentOfAPreviousConductorIsRefused() {
    List<NodeSpec> nodes = Nodes.count(1);
    Watched first = new Watched(nodes, () -> ctx -> { });
    new Conductor(G, Map.of(), nodes, 1, first, null, null).run().requireCompleted();
    Assignment old = first.offered.get("1/a/node-1");

    Map<String, Reply> replies = new ConcurrentHashMap<>();
    Watched[] second = new Watched[1];
    second[0] = new Watched(nodes, () -> ctx -> replies.put("old", second[0].endpoint.handle("node-1",
        add(old, old.token(), "old"))));
    RunReport r = new Conductor(G, Map.of(), nodes, 1, second[0], null, null).run().requireCompleted();
    assertTrue(replies.get("old").error().contains("stale attempt token"), replies.toString());
    assertTrue(r.results().isEmpty(), r.results().toString());
  }
}
