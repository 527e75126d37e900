package dev.manta.runtime.agent;

import dev.manta.TaskBody;
import dev.manta.spi.TaskConstructors;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes a new task object for every instance: from a registered {@link Supplier}, else through the
 * task class's no-arg constructor ({@link TaskConstructors}). Thread-safe.
 */
public final class TaskFactories {
  private final Map<String, Supplier<? extends TaskBody>> registered;
  private final ClassLoader loader;
  private final Map<String, Supplier<? extends TaskBody>> resolved = new ConcurrentHashMap<>();

  /**
   * @param registered task class binary name → factory
   * @param loader where task classes are looked up
   */
  public TaskFactories(Map<String, Supplier<? extends TaskBody>> registered, ClassLoader loader) {
    this.registered = Map.copyOf(registered);
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /** A new task object for {@code entryClass}. */
  public TaskBody create(String entryClass) {
    TaskBody body = resolved.computeIfAbsent(entryClass, this::resolve).get();
    if (body == null) {
      throw new IllegalStateException("the factory of task class " + entryClass + " returned null");
    }
    return body;
  }

  private Supplier<? extends TaskBody> resolve(String entryClass) {
    Supplier<? extends TaskBody> s = registered.get(entryClass);
    if (s != null) {
      return s;
    }
    try {
      return TaskConstructors.factory(entryClass, loader);
    } catch (TaskConstructors.RejectedException e) {
      String simple = entryClass.substring(entryClass.lastIndexOf('.') + 1);
      throw new IllegalStateException(switch (e.reason()) {
        case NOT_FOUND -> e.getMessage() + "; add it, or register a factory with LocalRun.Builder.task(...)";
        case NOT_A_TASK_BODY -> e.getMessage();
        case NO_NO_ARG_CONSTRUCTOR -> e.getMessage() + "; add a public one, or register a factory with "
            + "LocalRun.Builder.task(" + simple.substring(simple.lastIndexOf('$') + 1) + ".class, () -> ...)";
      }, e.getCause() != null ? e.getCause() : e);
    }
  }
}
