package dev.manta.runtime.transport;

import java.util.Objects;

/**
 * Work the conductor offers to the agent of one node and module: run one task instance.
 *
 * @param instanceId the instance's id, unique in the swarm run
 * @param swarm the swarm's name
 * @param iteration the iteration, from 1
 * @param alias the task's alias
 * @param module the module's name
 * @param entryClass the binary name of the task class
 * @param nodeId the node to run on
 * @param attempt the try number of this task in this iteration (ANY moves to another node on failure)
 * @param token the attempt token: unique to this offer of this instance by this conductor; every
 *     agent message about it echoes the token, and a message with another token is refused
 * @param timeoutMillis how long the instance may run before it is interrupted and ends {@code TIMED_OUT}
 */
public record Assignment(String instanceId, String swarm, int iteration, String alias, String module,
    String entryClass, String nodeId, int attempt, long token, long timeoutMillis) {
  public Assignment {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(entryClass, "entryClass");
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
