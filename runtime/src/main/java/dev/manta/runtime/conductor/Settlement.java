package dev.manta.runtime.conductor;

import dev.manta.Method;
import dev.manta.runtime.report.InstanceState;
import java.util.stream.Collectors;

/**
 * What to do with a task once one of its instances ends: wait for the others, call it done, try
 * another node (ANY), or fail the swarm. A FAILED, TIMED_OUT or LOST instance counts as a failure
 * alike. ALL, MAXIMUM and FIXED never replace an instance: the task is done when every instance
 * has ended and at least one succeeded. ANY tries untried eligible nodes one at a time up to its cap.
 */
final class Settlement {
  enum Outcome { WAIT, DONE, RETRY, FAIL }

  private Settlement() {}

  /**
   * @param anyCap how many nodes an ANY task may try (-1: no cap); ignored for other methods
   * @param stopRequested whether the swarm is stopping (nothing is retried then)
   */
  static Outcome decide(TaskRun run, int anyCap, boolean stopRequested) {
    if (run.done) {
      return Outcome.DONE;
    }
    if (run.active > 0) {
      return Outcome.WAIT;
    }
    if (run.succeeded > 0) {
      return Outcome.DONE;
    }
    if (stopRequested) {
      return Outcome.WAIT;
    }
    if (run.spec.method() == Method.ANY && (anyCap < 0 || run.attempts < anyCap)) {
      return Outcome.RETRY;
    }
    return Outcome.FAIL;
  }

  /** The swarm's failure message for a task none of whose instances succeeded. */
  static String failure(TaskRun run, int iteration, int anyCap, boolean exhausted) {
    StringBuilder out = new StringBuilder("task '").append(run.alias()).append("' failed in iteration ")
        .append(iteration).append(" on every node it ran on (")
        .append(run.instances.stream().map(i -> i.node).collect(Collectors.joining(", "))).append("): ");
    out.append(run.instances.stream().filter(i -> i.state.failed())
        .map(i -> i.node + ": " + (i.state == InstanceState.FAILED ? "" : i.state + " ") + i.error)
        .collect(Collectors.joining("; ")));
    if (run.spec.method() == Method.ANY) {
      out.append(exhausted
          ? " — no other eligible node was left to try"
          : " — tried " + run.attempts + " node(s), the most its " + (run.spec.fraction() != null
              ? "fraction (" + run.spec.fraction() + " of the eligible nodes: " + anyCap + ")"
              : "maximum (" + anyCap + ")") + " allows");
    }
    return out.toString();
  }
}
