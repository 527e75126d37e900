package dev.manta.runtime.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deployed run as its conductor sees it ({@code GET} {@link ClusterLayout#STATUS_PATH}).
 *
 * @param swarm the swarm's name
 * @param status {@code STARTING} (building the run, waiting for agents), {@code RUNNING}, or how the run ended
 *     ({@code COMPLETED}, {@code FAILED}, {@code STOPPED})
 * @param iteration the current (or last) iteration, 0 before the first
 * @param failure why the run failed, or {@code null}
 * @param tasks task alias → node → the state of its instance in the current iteration: {@code ASSIGNED}
 *     (offered or running), then how it ended
 * @param failures one line per instance of the run that failed, timed out or was lost
 * @param lostNodes nodes reported lost during the run
 * @param agents the agents holding a session now, {@code node module (host)}
 */
public record ClusterStatus(String swarm, String status, int iteration, String failure,
    Map<String, Map<String, String>> tasks, List<String> failures, List<String> lostNodes, List<String> agents) {
  public ClusterStatus {
    Map<String, Map<String, String>> copy = new TreeMap<>();
    if (tasks != null) {
      tasks.forEach((alias, nodes) -> copy.put(alias, java.util.Collections.unmodifiableMap(new TreeMap<>(nodes))));
    }
    tasks = java.util.Collections.unmodifiableMap(copy);
    failures = failures == null ? List.of() : List.copyOf(failures);
    lostNodes = lostNodes == null ? List.of() : List.copyOf(lostNodes);
    agents = agents == null ? List.of() : List.copyOf(agents);
  }

  /** Whether the run has ended (the report files can be fetched). */
  public boolean ended() {
    return !status.equals("STARTING") && !status.equals("RUNNING");
  }
}
