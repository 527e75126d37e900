package dev.manta.runtime.agent;

import dev.manta.TaskBody;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes a new task object for every instance: from a registered {@link Supplier}, else through the
 * task class's no-arg constructor. Thread-safe.
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
    Class<?> type;
    try {
      type = Class.forName(entryClass, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("task class " + entryClass + " is not on the class path; add it, or register"
          + " a factory with LocalRun.Builder.task(...)", e);
    }
    if (!TaskBody.class.isAssignableFrom(type)) {
      throw new IllegalStateException("task class " + entryClass + " does not implement dev.manta.TaskBody");
    }
    Constructor<?> ctor;
    try {
      ctor = type.getDeclaredConstructor();
      ctor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("task class " + entryClass + " has no no-arg constructor; add a public one,"
          + " or register a factory with LocalRun.Builder.task(" + type.getSimpleName() + ".class, () -> ...)", e);
    }
    return () -> {
      try {
        return (TaskBody) ctor.newInstance();
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new IllegalStateException("constructor of " + entryClass + " failed: " + cause, cause);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + entryClass + ": " + e, e);
      }
    };
  }
}
