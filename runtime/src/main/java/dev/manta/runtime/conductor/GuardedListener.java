package dev.manta.runtime.conductor;

import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import java.time.Duration;
import java.util.List;

/** A listener whose exceptions are logged, so a broken listener cannot break the run. */
final class GuardedListener implements ProgressListener {
  private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());
  private final ProgressListener l;

  GuardedListener(ProgressListener l) {
    this.l = l;
  }

  private void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "progress listener failed: " + e, e);
    }
  }

  @Override
  public void iterationStarted(String swarm, int iteration) {
    call(() -> l.iterationStarted(swarm, iteration));
  }

  @Override
  public void taskStarted(String alias, int iteration, List<String> nodes) {
    call(() -> l.taskStarted(alias, iteration, nodes));
  }

  @Override
  public void instanceEnded(InstanceReport instance) {
    call(() -> l.instanceEnded(instance));
  }

  @Override
  public void instanceStillRunning(InstanceReport instance, Duration running) {
    call(() -> l.instanceStillRunning(instance, running));
  }

  @Override
  public void nodeLost(String node, String reason) {
    call(() -> l.nodeLost(node, reason));
  }

  @Override
  public void iterationEnded(String swarm, int iteration) {
    call(() -> l.iterationEnded(swarm, iteration));
  }

  @Override
  public void swarmEnded(RunReport report) {
    call(() -> l.swarmEnded(report));
  }
}
