package dev.manta.runtime.report;

import java.time.Duration;
import java.util.List;

/**
 * Follows a run. Called on the conductor's lock: keep it quick and never call back into the run.
 * Every method does nothing by default.
 */
public interface ProgressListener {
  default void iterationStarted(String swarm, int iteration) {}

  default void taskStarted(String alias, int iteration, List<String> nodes) {}

  default void instanceEnded(InstanceReport instance) {}

  /**
   * {@code instance} has been running for {@code running}, longer than the run's slow-instance
   * notice ({@code LocalRun.Builder.slowNotice}); called again each time that much more has passed.
   */
  default void instanceStillRunning(InstanceReport instance, Duration running) {}

  /** The agent of {@code node} was lost; its unfinished instances end {@code LOST}. */
  default void nodeLost(String node, String reason) {}

  default void iterationEnded(String swarm, int iteration) {}

  default void swarmEnded(RunReport report) {}

  /** A listener that does nothing. */
  ProgressListener NONE = new ProgressListener() {};
}
