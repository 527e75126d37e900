package dev.manta.runtime.cluster;

import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.util.concurrent.CountDownLatch;

/**
 * The conductor container's main class ({@link ClusterLayout#CONDUCTOR_MAIN}), configured by the
 * environment of {@link ClusterLayout}. Runs the swarm (resuming its journal after a restart),
 * then keeps serving status, files and logs until it is stopped (SIGTERM), and exits 0 if the run
 * completed, 1 if it failed, was stopped, or the process was stopped before the run ended, and 2
 * on a missing or malformed setting.
 */
public final class ConductorMain {
  private ConductorMain() {}

  public static void main(String[] args) {
    ConductorProcess process;
    try {
      process = new ConductorProcess(System.getenv());
    } catch (ClusterEnv.ConfigException e) {
      System.err.println("[Manta] cannot start the conductor: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("[Manta] cannot start the conductor: " + e.getMessage());
      System.exit(1);
      return;
    }
    int[] exit = {1};
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      process.close();
      Runtime.getRuntime().halt(exit[0]);
    }, "manta-conductor-stop"));
    System.out.println("[Manta] conductor of swarm '" + process.swarm() + "' listening on port " + process.port());
    RunReport report;
    try {
      process.awaitAgents();
      report = process.run();
    } catch (Throwable e) { // the run's own failures are in its report; this is the conductor failing
      System.err.println("[Manta] the conductor failed: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    exit[0] = report.status() == RunStatus.COMPLETED ? 0 : 1;
    System.out.println("[Manta] " + report.summary());
    System.out.println("[Manta] serving status, files and logs until stopped");
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
