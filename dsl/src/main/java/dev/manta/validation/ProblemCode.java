package dev.manta.validation;

/** The stable codes of validation problems; {@link #tag()} is what messages start with. */
public enum ProblemCode {
  CYCLE("Cycle"),
  UNKNOWN_TASK("UnknownTask"),
  DUPLICATE_ALIAS("DuplicateAlias"),
  DUPLICATE_NETWORK("DuplicateNetwork"),
  DUPLICATE_MODULE("DuplicateModule"),
  INVALID_NAME("InvalidName"),
  MAXIMUM("Maximum"),
  MAX_ITERATIONS("MaxIterations"),
  /** A task's {@code timeout} that is not a positive duration. */
  TIMEOUT("Timeout"),
  FIXED_WITHOUT_IDS("FixedWithoutIds"),
  ID_CONFLICT("IdConflict"),
  UNKNOWN_NETWORK("UnknownNetwork"),
  IMAGE_REFERENCE("ImageReference"),
  RESOURCES("Resources"),
  /** A task's node label that is not {@code key=value}, or two labels giving one key two values. */
  LABELS("Labels"),
  COPIES("Copies"),
  GLOBAL_TYPE("GlobalType"),
  EMPTY_SWARM("EmptySwarm"),
  UNKNOWN_MODULE("UnknownModule"),
  /** Compile time: a task method's parameter type is not the class of the task it names. */
  PARAMETER_TYPE("ParameterType"),
  /** Compile time: a {@code @Task} class the runtime cannot instantiate or run. */
  TASK_CLASS("TaskClass"),
  /** Compile time: {@code @Swarm} on something other than an interface. */
  SWARM_TARGET("SwarmTarget"),
  /** Compile time: a {@code @Task} method that is not abstract, or returns no {@code @Task} class. */
  TASK_METHOD("TaskMethod"),
  /** Compile time: a {@code @Global} method that is not a default method without parameters. */
  GLOBAL_METHOD("GlobalMethod"),
  /** Compile time: two {@code @Global} methods of one swarm declare the same global name. */
  DUPLICATE_GLOBAL("DuplicateGlobal"),
  /** Compile time: two swarms with one name. */
  DUPLICATE_SWARM("DuplicateSwarm"),
  UNREACHABLE("Unreachable", Severity.WARNING),
  /** A task with no edge in a swarm whose other tasks are connected. */
  DISCONNECTED("Disconnected", Severity.WARNING);

  private final String tag;
  private final Severity severity;

  ProblemCode(String name) {
    this(name, Severity.ERROR);
  }

  ProblemCode(String name, Severity severity) {
    this.tag = "Manta/" + name;
    this.severity = severity;
  }

  /** {@code Manta/Cycle}, {@code Manta/UnknownTask}, … */
  public String tag() {
    return tag;
  }

  public Severity severity() {
    return severity;
  }
}
