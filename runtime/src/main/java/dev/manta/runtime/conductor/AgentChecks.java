package dev.manta.runtime.conductor;

import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.transport.AgentMessage;
import java.util.Set;

/**
 * Whether an agent's message may act, before it changes anything: who may speak for an instance
 * (its own node, its current attempt token), whether the instance and the swarm can still change,
 * and whether the message's own content is acceptable. Each check returns the refusal's text, or
 * {@code null} to go on; none changes state.
 */
final class AgentChecks {
  private AgentChecks() {}

  /** Whether {@code nodeId} may speak for {@code instance} with {@code message}'s token. */
  static String sender(WorldStore.Instance instance, String nodeId, AgentMessage message) {
    if (instance == null) {
      return "unknown task instance '" + message.instanceId() + "'";
    }
    if (!instance.node.equals(nodeId)) {
      return "the agent of node '" + nodeId + "' cannot speak for instance " + instance.id + " of node '"
          + instance.node + "'";
    }
    if (message.token() != instance.token) {
      return "stale attempt token for instance " + instance.id + ": that attempt was superseded (the instance was"
          + " offered again, or a previous conductor offered it); the message changes nothing";
    }
    return null;
  }

  /** Whether {@code instance} may still read or change the world of {@code swarm}. */
  static String live(WorldStore.Instance instance, String swarm, String endStatus) {
    if (endStatus != null) {
      return "swarm '" + swarm + "' has ended (" + endStatus + "); instance " + instance.id
          + " can no longer read or change it";
    }
    if (instance.state.ended()) {
      return "instance " + instance.id + " has already ended (" + instance.state + ")";
    }
    return null;
  }

  /** Whether the content of a changing message is acceptable (a tag, a name, a known task and nodes). */
  static String content(AgentMessage message, SwarmGraph graph, Set<String> nodes) {
    if (message instanceof AgentMessage.WriteGlobal w && (w.name() == null || w.name().isEmpty())) {
      return "a global needs a non-empty name";
    }
    if (message instanceof AgentMessage.AddResult a && (a.tag() == null || a.tag().isEmpty())) {
      return "a result needs a non-empty tag";
    }
    if (message instanceof AgentMessage.NextIteration n) {
      if (n.alias() == null || graph.task(n.alias()).isEmpty()) {
        return "scheduleNextIteration: unknown task '" + n.alias() + "'; tasks of swarm '" + graph.name() + "': "
            + String.join(", ", graph.topologicalOrder());
      }
      for (String id : n.nodeIds()) {
        if (!nodes.contains(id)) {
          return "scheduleNextIteration: unknown node '" + id + "'; this run's nodes: " + Placement.abbreviate(nodes);
        }
      }
    }
    return null;
  }
}
