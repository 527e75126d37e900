package dev.manta.runtime.conductor;

/** Where a task instance stands. */
public enum InstanceState {
  /** Offered to its node's agent, not started yet. */
  ASSIGNED,
  /** Claimed by its agent and running. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Never started because the swarm stopped or ended first. */
  CANCELLED;

  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
