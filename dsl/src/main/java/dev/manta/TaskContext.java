package dev.manta;

/** What a running task instance sees of its swarm and node. Implemented by the runtime. */
public interface TaskContext {
  /** Swarm-wide JSON values. */
  Globals globals();

  /** Results published by task instances, per iteration, tag and node. */
  Results results();

  /** This node's datasets. */
  LocalData local();

  /** This instance's place in the swarm, and the calls that steer iterations. */
  World world();

  /** A logger whose lines are kept per task instance. */
  TaskLog log();
}
