package dev.manta.processor;

/** The qualified names the processor looks for; it never loads the user's classes. */
final class Annotations {
  static final String TASK = "dev.manta.Task";
  static final String SWARM = "dev.manta.Swarm";
  static final String GLOBAL = "dev.manta.Global";
  static final String ON = "dev.manta.On";
  static final String TASK_BODY = "dev.manta.TaskBody";
  static final String SWARM_DEFINITION = "dev.manta.dsl.SwarmDefinition";

  private Annotations() {}
}
