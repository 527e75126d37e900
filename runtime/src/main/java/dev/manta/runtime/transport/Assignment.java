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
 */
public record Assignment(String instanceId, String swarm, int iteration, String alias, String module,
    String entryClass, String nodeId, int attempt) {
  public Assignment {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(entryClass, "entryClass");
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
