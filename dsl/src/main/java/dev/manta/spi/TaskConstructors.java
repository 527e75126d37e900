package dev.manta.spi;

import dev.manta.TaskBody;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Finds a task class by its binary name and makes a factory that calls its no-argument constructor
 * once per task instance: what {@link Launchers#main} and the runtime's task factories share. The
 * processor checks at compile time that every {@code @Task} class has such a constructor.
 */
public final class TaskConstructors {
  private TaskConstructors() {}

  /** Why a class cannot give task objects. */
  public enum Reason {
    /** No class of that name through the loader. */
    NOT_FOUND,
    /** The class does not implement {@link TaskBody}. */
    NOT_A_TASK_BODY,
    /** The class has no no-argument constructor. */
    NO_NO_ARG_CONSTRUCTOR
  }

  /** A class that cannot give task objects, and why. */
  public static final class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    RejectedException(Reason reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /**
   * A factory of new objects of the task class {@code binaryName}, looked up (not yet initialised)
   * through {@code loader}. Every call of the factory calls the class's no-argument constructor; a
   * constructor that throws gives an {@link IllegalStateException} naming the class.
   *
   * @throws RejectedException when there is no such class, it is no {@link TaskBody} or it has no
   *     no-argument constructor; the message names the class
   */
  public static Supplier<TaskBody> factory(String binaryName, ClassLoader loader) throws RejectedException {
    Objects.requireNonNull(binaryName, "binaryName");
    Objects.requireNonNull(loader, "loader");
    Class<?> type;
    try {
      type = Class.forName(binaryName, false, loader);
    } catch (ClassNotFoundException e) {
      throw new RejectedException(Reason.NOT_FOUND, "task class " + binaryName + " is not on the class path", e);
    }
    if (!TaskBody.class.isAssignableFrom(type)) {
      throw new RejectedException(Reason.NOT_A_TASK_BODY, "task class " + binaryName
          + " does not implement dev.manta.TaskBody", null);
    }
    Constructor<?> ctor;
    try {
      ctor = type.getDeclaredConstructor();
      ctor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new RejectedException(Reason.NO_NO_ARG_CONSTRUCTOR, "task class " + binaryName
          + " has no no-arg constructor", e);
    }
    return () -> {
      try {
        return (TaskBody) ctor.newInstance();
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw new IllegalStateException("constructor of " + binaryName + " failed: " + cause, cause);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create " + binaryName + ": " + e, e);
      }
    };
  }
}
