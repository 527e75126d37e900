package dev.manta;

/** A logger whose lines are kept per task instance. Messages use {@link String#format}. */
public interface TaskLog {
  void info(String format, Object... args);

  void warn(String format, Object... args);

  void error(String format, Object... args);
}
