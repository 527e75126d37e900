package dev.manta.runtime.report;

import java.util.List;
import java.util.Objects;

/**
 * One task instance of a run.
 *
 * @param id the instance's id, {@code <iteration>/<alias>/<node>}
 * @param iteration the iteration it ran in
 * @param alias its task
 * @param node the node it ran on
 * @param attempt the task's try number in that iteration (ANY moves on after a failure)
 * @param state how it ended (or stood when the run ended)
 * @param error why it failed, or {@code null}
 * @param logs its log lines, {@code LEVEL text}
 */
public record InstanceReport(String id, int iteration, String alias, String node, int attempt, InstanceState state,
    String error, List<String> logs) {
  public InstanceReport {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    logs = List.copyOf(logs);
  }
}
