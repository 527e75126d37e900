package dev.manta;

/** When a downstream task may start, relative to one upstream task. */
public enum Condition {
  /** Once every instance of the upstream task has ended (the default). */
  FINISHED,
  /** As soon as the upstream task has published its first result of the iteration. */
  RESULT
}
