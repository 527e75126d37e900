package dev.manta.spi;

import dev.manta.TaskBody;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The entry point of every module's image: {@code java -cp … dev.manta.spi.Launchers <task class>
 * [args…]}. Finds the task class by its binary name, makes a new task object per task instance
 * through its no-argument constructor, and hands the remaining arguments and that factory to the
 * runtime's {@link AgentEntryPoint}, found through {@link ServiceLoader}. Exits with the agent's exit
 * code (the cluster agent's are 0, 1 and 2), or with one of the codes below after a message on
 * standard error: 1 for anything thrown, 3 to 7 for what the launcher itself refuses.
 */
public final class Launchers {
  /** Something threw: the agent, or the launcher itself (the stack trace is on standard error). */
  public static final int FAILED = 1;
  /** No {@link AgentEntryPoint} on the class path. */
  public static final int NO_RUNTIME = 3;
  /** No task class named. */
  public static final int USAGE = 4;
  /** The task class is not on the class path. */
  public static final int CLASS_NOT_FOUND = 5;
  /** The class named does not implement {@link TaskBody}. */
  public static final int NOT_A_TASK_BODY = 6;
  /** The task class has no no-argument constructor. */
  public static final int NO_CONSTRUCTOR = 7;

  private Launchers() {}

  /** Runs the agent of the module whose task class {@code args[0]} names, then exits the JVM with its exit code. */
  public static void main(String[] args) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    System.exit(run(args, loader != null ? loader : Launchers.class.getClassLoader(), System.err));
  }

  /** What {@link #main} does, without exiting: returns the exit code. */
  static int run(String[] args, ClassLoader loader, PrintStream err) {
    try {
      if (args.length == 0 || args[0].isBlank()) {
        err.println("[Manta] usage: java -cp <classes and dependencies> " + Launchers.class.getName()
            + " <task class binary name> [agent arguments…]");
        return USAGE;
      }
      String taskClass = args[0];
      Supplier<TaskBody> factory;
      try {
        factory = TaskConstructors.factory(taskClass, loader);
      } catch (TaskConstructors.RejectedException e) {
        return rejected(e, taskClass, err);
      }
      Iterator<AgentEntryPoint> found = ServiceLoader.load(AgentEntryPoint.class, loader).iterator();
      if (!found.hasNext()) {
        err.println("[Manta] no runtime on the class path: add the dependency dev.manta:manta-runtime to run "
            + taskClass);
        return NO_RUNTIME;
      }
      return found.next().run(taskClass, Arrays.copyOfRange(args, 1, args.length), factory);
    } catch (Throwable t) {
      // The agent's own failure, or one while loading the class (a dependency missing from the class path).
      err.println("[Manta] running task class " + (args.length > 0 ? args[0] : "(none)") + " failed:");
      t.printStackTrace(err);
      return FAILED;
    }
  }

  private static int rejected(TaskConstructors.RejectedException e, String taskClass, PrintStream err) {
    return switch (e.reason()) {
      case NOT_FOUND -> {
        err.println("[Manta] " + e.getMessage() + ": the module's classes (target/classes or its jar) and its "
            + "dependencies must be on the class path");
        yield CLASS_NOT_FOUND;
      }
      case NOT_A_TASK_BODY -> {
        err.println("[Manta] " + e.getMessage() + ": name the @Task class of the module");
        yield NOT_A_TASK_BODY;
      }
      case NO_NO_ARG_CONSTRUCTOR -> {
        String simple = taskClass.substring(taskClass.lastIndexOf('.') + 1);
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        err.println("[Manta] " + e.getMessage() + ", which the launcher calls for every task instance; add 'public "
            + simple + "() {}'");
        yield NO_CONSTRUCTOR;
      }
    };
  }
}
