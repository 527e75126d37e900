package dev.manta;

import java.util.Collection;

/** The running instance's place in its swarm, and the calls that steer iterations. */
public interface World {
  String swarmName();

  /** The alias of the task this instance belongs to. */
  String taskAlias();

  /** The id of the node this instance runs on. */
  String nodeId();

  /** The current iteration, starting at 1. */
  int iteration();

  /**
   * Asks for another iteration once this one ends. In it, the task {@code alias} runs only on
   * {@code nodeIds}; the other tasks pick nodes as usual.
   */
  void scheduleNextIteration(Collection<String> nodeIds, String alias);

  /** Stops the swarm once this instance returns: no further task instance is started. */
  void stopSwarm();
}
