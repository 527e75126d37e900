package dev.manta.client;

import java.util.Objects;

/**
 * One log line of a deployed swarm, as the conductor keeps it.
 *
 * @param sequence its number: lines come in this order, and {@code logs(after)} resumes after one
 * @param iteration the iteration of the instance that wrote it
 * @param alias the task
 * @param node the node id
 * @param level {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
 * @param message the text
 */
public record LogLine(long sequence, int iteration, String alias, String node, String level, String message) {
  public LogLine {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "[" + iteration + " " + alias + "@" + node + "] " + level + " " + message;
  }
}
