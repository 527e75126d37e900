package dev.manta;

/**
 * A logger whose lines are kept per task instance, each as {@code LEVEL text}. Messages use
 * {@link String#format}.
 */
public interface TaskLog {
  /** Detail for finding a problem: kept like the other levels (line {@code DEBUG text}). */
  void debug(String format, Object... args);

  void info(String format, Object... args);

  void warn(String format, Object... args);

  void error(String format, Object... args);
}
