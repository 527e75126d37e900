package dev.manta.maven;

import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.ProgressListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;

/** Prints a line per iteration and task as a local run goes, and the log lines of finished instances. */
final class ConsoleProgress implements ProgressListener {
  private final Log log;
  private final boolean printLogs;
  private final Map<String, int[]> iterationCounts = new LinkedHashMap<>();

  ConsoleProgress(Log log, boolean printLogs) {
    this.log = log;
    this.printLogs = printLogs;
  }

  @Override
  public void iterationStarted(String swarm, int iteration) {
    iterationCounts.clear();
    log.info("iteration " + iteration);
  }

  @Override
  public void taskStarted(String alias, int iteration, List<String> nodes) {
    log.info(String.format("  %-20s started on %d node(s)%s", alias, nodes.size(),
        nodes.size() <= 4 ? " " + nodes : ""));
  }

  @Override
  public void instanceEnded(InstanceReport instance) {
    int[] counts = iterationCounts.computeIfAbsent(instance.alias(), k -> new int[2]);
    boolean ok = instance.state() == InstanceState.SUCCEEDED;
    counts[ok ? 0 : 1]++;
    if (printLogs) {
      for (String line : instance.logs()) {
        log.info("    [" + instance.alias() + "@" + instance.node() + "] " + line);
      }
    }
    if (!ok) {
      log.warn("    " + instance.alias() + " on " + instance.node() + " " + instance.state().name().toLowerCase(java.util.Locale.ROOT)
          + (instance.error() == null ? "" : ": " + instance.error()));
    }
  }

  @Override
  public void instanceStillRunning(InstanceReport instance, java.time.Duration running) {
    log.warn("    " + instance.id() + " still running after " + dev.manta.graph.TaskTimeout.format(
        java.time.Duration.ofSeconds(running.toSeconds())) + " (node " + instance.node() + ")");
  }

  @Override
  public void nodeLost(String node, String reason) {
    log.warn("  node " + node + " lost: " + reason);
  }

  @Override
  public void iterationEnded(String swarm, int iteration) {
    StringBuilder line = new StringBuilder("iteration " + iteration + " done:");
    iterationCounts.forEach((alias, c) -> line.append(' ').append(alias).append(' ').append(c[0])
        .append('/').append(c[0] + c[1]).append(" ok"));
    log.info(line.toString());
  }
}
