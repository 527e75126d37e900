package dev.manta.runtime.conductor;

import dev.manta.Condition;
import dev.manta.graph.Edge;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The tasks of one iteration and where the iteration stands: which task may start next (its
 * upstream edges hold), and whether the iteration is done, still running, or stuck (tasks wait for
 * upstream tasks that will never end). Knows nothing of instances beyond each {@link TaskRun}'s
 * counters. Guarded by the conductor's lock.
 */
final class IterationFlow {
  /** Where an iteration stands once every startable task has started. */
  enum State { RUNNING, DONE, STUCK }

  private final Map<String, TaskRun> runs = new LinkedHashMap<>();

  private IterationFlow() {}

  /** No iteration yet. */
  static IterationFlow none() {
    return new IterationFlow();
  }

  /** A fresh iteration of {@code graph}, its tasks in topological {@code order}, none started. */
  static IterationFlow of(SwarmGraph graph, List<String> order) {
    IterationFlow flow = new IterationFlow();
    for (String alias : order) {
      TaskSpec spec = graph.task(alias).orElseThrow();
      ModuleSpec module = graph.module(spec.module()).orElseThrow(() -> new IllegalStateException(
          "task '" + alias + "' names module '" + spec.module() + "', which the graph lacks; validate it first"));
      flow.runs.put(alias, new TaskRun(spec, module));
    }
    return flow;
  }

  /** The task {@code alias} in this iteration, or {@code null}. */
  TaskRun get(String alias) {
    return runs.get(alias);
  }

  /**
   * The first task, in topological order, that has not started and whose upstream edges hold
   * ({@code FINISHED}: the upstream task is done; {@code RESULT}: it is done or
   * {@code hasResult} holds for it), or {@code null}.
   */
  TaskRun nextReady(Predicate<String> hasResult) {
    for (TaskRun run : runs.values()) {
      if (!run.started && ready(run, hasResult)) {
        return run;
      }
    }
    return null;
  }

  private boolean ready(TaskRun run, Predicate<String> hasResult) {
    for (Edge edge : run.spec.upstream()) {
      TaskRun up = runs.get(edge.from());
      if (up == null) {
        continue;
      }
      if (!up.done && !(edge.condition() == Condition.RESULT && hasResult.test(edge.from()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code DONE} when every task is done; {@code STUCK} when some task has not started while no
   * instance is in flight and no started task is still open; else {@code RUNNING}.
   */
  State state(int inFlight) {
    boolean allDone = true;
    boolean anyOpen = false;
    for (TaskRun r : runs.values()) {
      allDone &= r.done;
      anyOpen |= r.started && !r.done;
    }
    if (allDone) {
      return State.DONE;
    }
    return inFlight == 0 && !anyOpen ? State.STUCK : State.RUNNING;
  }

  /** The failure of a stuck iteration. */
  String stuck(String swarm, int iteration) {
    return "swarm '" + swarm + "' cannot go on in iteration " + iteration + ": tasks "
        + runs.values().stream().filter(r -> !r.started).map(TaskRun::alias).toList()
        + " wait for upstream tasks that will never end";
  }
}
