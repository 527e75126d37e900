package dev.manta.graph;

import dev.manta.Condition;
import java.util.Objects;

/**
 * An edge into a task from the task {@code from}.
 *
 * @param from the upstream task's alias
 * @param condition when the downstream may start
 */
public record Edge(String from, Condition condition) {
  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(condition, "condition");
  }
}
