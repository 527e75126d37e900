package dev.manta.runtime;

import java.util.List;

/**
 * Follows a run. Called on the conductor's lock: keep it quick and never call back into the run.
 * Every method does nothing by default.
 */
public interface ProgressListener {
  default void iterationStarted(String swarm, int iteration) {}

  default void taskStarted(String alias, int iteration, List<String> nodes) {}

  default void instanceEnded(InstanceReport instance) {}

  default void iterationEnded(String swarm, int iteration) {}

  default void swarmEnded(RunReport report) {}

  /** A listener that does nothing. */
  ProgressListener NONE = new ProgressListener() {};
}
