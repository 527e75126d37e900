package dev.manta.runtime.cluster;

import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Follows the run for {@code GET} {@link ClusterLayout#STATUS_PATH} and writes its progress lines to
 * the {@link LogFeed}. Called on the conductor's lock: every method is short.
 */
final class StatusBoard implements ProgressListener {
  private final String swarm;
  private final LogFeed log;
  private String status = "STARTING";
  private String failure;
  private int iteration;
  private final Map<String, Map<String, String>> tasks = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();
  private final TreeSet<String> lostNodes = new TreeSet<>();

  StatusBoard(String swarm, LogFeed log) {
    this.swarm = swarm;
    this.log = log;
  }

  synchronized void running() {
    status = "RUNNING";
  }

  synchronized ClusterStatus snapshot(List<String> agents) {
    return new ClusterStatus(swarm, status, iteration, failure, tasks, failures, List.copyOf(lostNodes), agents);
  }

  synchronized String status() {
    return status;
  }

  @Override
  public synchronized void iterationStarted(String name, int it) {
    iteration = it;
    tasks.clear();
    log.add("iteration " + it + " started");
  }

  @Override
  public synchronized void taskStarted(String alias, int it, List<String> nodes) {
    Map<String, String> states = tasks.computeIfAbsent(alias, k -> new TreeMap<>());
    nodes.forEach(n -> states.putIfAbsent(n, InstanceState.ASSIGNED.name()));
    log.add("iteration " + it + ": task " + alias + " started on " + nodes);
  }

  @Override
  public synchronized void instanceEnded(InstanceReport i) {
    if (i.iteration() == iteration) {
      tasks.computeIfAbsent(i.alias(), k -> new TreeMap<>()).put(i.node(), i.state().name());
    }
    String line = "instance " + i.id() + " " + i.state() + (i.error() != null ? ": " + i.error() : "");
    if (i.state() != InstanceState.SUCCEEDED && i.state() != InstanceState.CANCELLED) {
      failures.add(line);
    }
    log.add(line);
  }

  @Override
  public void instanceStillRunning(InstanceReport i, Duration running) {
    log.add("instance " + i.id() + " still running after " + running.toSeconds() + " s");
  }

  @Override
  public synchronized void nodeLost(String node, String reason) {
    lostNodes.add(node);
    log.add("node " + node + " lost: " + reason);
  }

  @Override
  public void iterationEnded(String name, int it) {
    log.add("iteration " + it + " ended");
  }

  @Override
  public void swarmEnded(RunReport report) {
    log.add("swarm '" + swarm + "' " + report.status().name().toLowerCase(java.util.Locale.ROOT) + " after "
        + report.iterations() + " iteration(s)" + report.failure().map(f -> ": " + f).orElse(""));
  }

  /** The run could not be built: the status says FAILED with {@code problem}, and the log has no more lines. */
  synchronized void failed(String problem) {
    status = "FAILED";
    failure = problem;
    log.end();
  }

  /** The run's files are written: the status says how it ended, and the log has no more lines. */
  synchronized void finished(RunReport report) {
    status = report.status().name();
    failure = report.failure().orElse(null);
    iteration = Math.max(iteration, report.iterations());
    log.end();
  }
}
