package dev.manta;

/**
 * The code of a task. The runtime creates a fresh instance for every task instance it runs, so
 * fields never carry state between runs: keep state in {@link TaskContext#globals()} or results.
 */
@FunctionalInterface
public interface TaskBody {
  void run(TaskContext ctx) throws Exception;
}
