package dev.manta.dsl;

import dev.manta.Condition;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task declared in a {@link SwarmScope}. {@link #after} adds upstream edges and returns this
 * node, so flows read inside-out like the guide's: {@code scheduler.after(aggregator.after(trainers))}.
 * Calling {@code after} twice adds to the edges; naming the same upstream again replaces its
 * condition.
 */
public final class TaskNode implements Flow {
  private final SwarmScope scope;
  private final String alias;
  private final Map<TaskNode, Condition> upstream = new LinkedHashMap<>();

  TaskNode(SwarmScope scope, String alias) {
    this.scope = scope;
    this.alias = alias;
  }

  /** The task's alias in the graph. */
  public String alias() {
    return alias;
  }

  /** Runs after every one of {@code upstream} has finished. */
  public TaskNode after(TaskNode... upstream) {
    return after(Condition.FINISHED, Arrays.asList(upstream));
  }

  /** Runs after every one of {@code upstream} has finished (fan-in). */
  public TaskNode after(List<? extends TaskNode> upstream) {
    return after(Condition.FINISHED, upstream);
  }

  /** Runs after {@code upstream}, each edge with {@code condition}. */
  public TaskNode after(Condition condition, TaskNode... upstream) {
    return after(condition, Arrays.asList(upstream));
  }

  /** Runs after {@code upstream}, each edge with {@code condition}. */
  public TaskNode after(Condition condition, List<? extends TaskNode> upstream) {
    java.util.Objects.requireNonNull(condition, "condition");
    for (TaskNode up : upstream) {
      up.requireScope(scope);
      this.upstream.put(up, condition);
    }
    return this;
  }

  void requireScope(SwarmScope expected) {
    if (scope != expected) {
      throw new IllegalArgumentException(
          "task '" + alias + "' belongs to another swarm definition; declare it in this one");
    }
  }

  Map<TaskNode, Condition> upstream() {
    return upstream;
  }

  @Override
  public List<TaskNode> sinks() {
    return List.of(this);
  }

  @Override
  public String toString() {
    return "TaskNode[" + alias + "]";
  }
}
