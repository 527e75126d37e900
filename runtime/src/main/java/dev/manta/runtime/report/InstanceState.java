package dev.manta.runtime.report;

/** Where a task instance stands. */
public enum InstanceState {
  /** Offered to its node's agent, not started yet. */
  ASSIGNED,
  /** Claimed by its agent and running. */
  RUNNING,
  SUCCEEDED,
  /** Its task threw (any {@link Throwable}), could not be created, or tried to end the JVM. */
  FAILED,
  /** It ran longer than its task's timeout; it was interrupted and handled like a failure. */
  TIMED_OUT,
  /** Its node was lost (lease ran out, agent gone, offer undeliverable); handled like a failure. */
  LOST,
  /** Never started because the swarm stopped or ended first. */
  CANCELLED;

  public boolean ended() {
    return this != ASSIGNED && this != RUNNING;
  }

  /** Ended without success for a reason the task's method handles like a failure (FAILED, TIMED_OUT, LOST). */
  public boolean failed() {
    return this == FAILED || this == TIMED_OUT || this == LOST;
  }
}
