package dev.manta.runtime.cluster;

import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The conductor container's main class ({@link ClusterLayout#CONDUCTOR_MAIN}), configured by the
 * environment of {@link ClusterLayout}. Listens at once (agents register while it builds the run),
 * builds the run, runs the swarm (resuming its journal after a restart), then keeps serving status,
 * files and logs until it is stopped (SIGTERM), and exits 0 if the run completed, 1 if it failed,
 * was stopped, or the process was stopped before the run ended, and 2 on a missing or malformed
 * setting. A run that cannot be built (the swarm is not on the class path, the deployed manifest
 * differs, …) is reported on standard error, in the status ({@code FAILED}) and the log; the
 * process serves them for {@link #FAILED_LINGER}, then exits 1.
 */
public final class ConductorMain {
  /** How long a conductor whose run cannot be built keeps serving its status and log before it exits 1. */
  static final Duration FAILED_LINGER = Duration.ofSeconds(5);

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
    long t0 = System.nanoTime();
    try {
      process.prepare();
    } catch (RuntimeException e) {
      String problem = "cannot start the conductor: " + e.getMessage();
      System.err.println("[Manta] " + problem);
      process.failed(problem);
      linger();
      System.exit(1); // the hook halts with exit[0], 1
      return;
    }
    System.out.println("[Manta] run built in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
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

  private static void linger() {
    try {
      Thread.sleep(FAILED_LINGER.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
