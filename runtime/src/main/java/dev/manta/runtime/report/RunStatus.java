package dev.manta.runtime.report;

/** How a swarm run ended. */
public enum RunStatus {
  /** Every iteration ran and no task asked for another. */
  COMPLETED,
  /** A task called {@code world().stopSwarm()}. */
  STOPPED,
  /** A task failed on every node it ran on, no node could be found, or maxIterations was reached. */
  FAILED
}
