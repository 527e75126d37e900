package dev.manta.samples.dynamic;

import dev.manta.Method;
import dev.manta.dsl.Flow;
import dev.manta.dsl.SwarmDefinition;
import dev.manta.dsl.TaskNode;
import java.util.List;
import java.util.Map;

/**
 * A swarm whose shape is decided at launch: global {@code num_workers} (default 5) says how many
 * workers ({@code worker_0} … {@code worker_<n-1>}) share the work, and one collector sums what they
 * publish. An annotated {@code @Swarm} interface fixes its tasks at compile time, so a swarm like
 * this one is written with the DSL.
 */
public final class DynamicWorkers extends SwarmDefinition {
  public static final String NAME = "dynamic_workers";
  /** How many workers to declare. */
  public static final String NUM_WORKERS = "num_workers";
  /** How many integration steps the workers share. */
  public static final String STEPS = "steps";
  public static final int DEFAULT_WORKERS = 5;
  public static final long DEFAULT_STEPS = 1_000_000L;
  /** The workers' base alias. */
  public static final String WORKER = "worker";

  /** The swarm with its defaults. */
  public DynamicWorkers() {
    this(Map.of());
  }

  /**
   * The swarm with launch-time globals, e.g. {@code Map.of("num_workers", 8)}. {@code num_workers}
   * may be a number or a numeric string (as it comes from a command line).
   */
  public DynamicWorkers(Map<String, ?> globals) {
    super(NAME);
    globals.forEach((name, value) -> setGlobal(name, switch (name) {
      case NUM_WORKERS -> toInt(name, value);
      case STEPS -> toLong(name, value);
      default -> value;
    }));
  }

  @Override
  protected Flow execute() {
    int n = getGlobal(NUM_WORKERS, DEFAULT_WORKERS);
    getGlobal(STEPS, DEFAULT_STEPS);
    List<TaskNode> workers = copies(Worker.class, n, t -> t.alias(WORKER).method(Method.ANY));
    TaskNode collector = task(Collector.class, t -> t.alias("collector").method(Method.ANY).maximum(1));
    return collector.after(workers);
  }

  /** The alias of worker {@code index} of {@code count}, as {@link #copies} names them. */
  public static String workerAlias(int index, int count) {
    return count == 1 ? WORKER : WORKER + "_" + index;
  }

  /** The index of a worker from its alias ({@code worker} alone is worker 0 of 1). */
  static int workerIndex(String alias) {
    if (alias.equals(WORKER)) {
      return 0;
    }
    if (!alias.startsWith(WORKER + "_")) {
      throw new IllegalArgumentException("task '" + alias + "' is not a worker of " + NAME + "; workers are "
          + WORKER + "_0, " + WORKER + "_1, …");
    }
    return Integer.parseInt(alias.substring(WORKER.length() + 1));
  }

  private static int toInt(String name, Object value) {
    long v = toLong(name, value);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new IllegalArgumentException("global '" + name + "' is " + v + "; that is not a worker count");
    }
    return (int) v;
  }

  private static long toLong(String name, Object value) {
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("global '" + name + "' is " + value + "; give a whole number, e.g. "
        + name + "=8");
  }
}
