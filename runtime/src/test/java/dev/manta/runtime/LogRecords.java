package dev.manta.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one class of the runtime logs while a test runs: the runtime logs through
 * {@code System.Logger}, which the JDK hands to {@code java.util.logging} under the class's name.
 * Close it to stop listening.
 */
public final class LogRecords implements AutoCloseable {
  private final List<LogRecord> records = new ArrayList<>();
  private final Logger logger;
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (records) {
        records.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogRecords(Class<?> source) {
    this.logger = Logger.getLogger(source.getName());
    logger.addHandler(handler);
  }

  /** Starts listening to what {@code source} logs. */
  public static LogRecords of(Class<?> source) {
    return new LogRecords(source);
  }

  /** The records so far, oldest first. */
  public List<LogRecord> list() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
