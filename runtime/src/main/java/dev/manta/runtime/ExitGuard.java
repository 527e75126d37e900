package dev.manta.runtime;

import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.local.LocalTransport;
import dev.manta.runtime.report.RunReport;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns {@code System.exit} (or {@code Runtime.exit}) from task code during a local run into the
 * failure of that instance and of the run. Java 17+ cannot refuse an exit without a security
 * manager (gone in Java 24), so the guard is a shutdown hook registered for the run's lifetime: when
 * the JVM starts to exit, it finds the agent thread that called exit, ends that instance
 * {@code FAILED} and the run {@code FAILED} (both journaled), hands the report to the exit handler
 * (manta:run writes its files and prints its summary there), and halts the JVM with status 1, so
 * the exit status never claims success. An exit from code that is not a task (the run's own
 * caller) is left alone.
 */
final class ExitGuard implements AutoCloseable {
  private final Thread hook;
  private volatile boolean closed;

  ExitGuard(Conductor conductor, LocalTransport transport, Consumer<RunReport> onExit) {
    this.hook = new Thread(() -> {
      if (closed) {
        return;
      }
      Optional<String> exiting = exitingInstance(transport);
      if (exiting.isEmpty()) {
        return;
      }
      RunReport report = conductor.failBecauseExit(exiting.get(), "called System.exit (or Runtime.exit)");
      try {
        if (report != null) {
          onExit.accept(report);
        }
      } catch (RuntimeException e) {
        e.printStackTrace();
      } finally {
        Runtime.getRuntime().halt(1);
      }
    }, "manta-exit-guard");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The id of the instance whose agent thread is inside {@code Runtime.exit}, if any. */
  private static Optional<String> exitingInstance(LocalTransport transport) {
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      for (StackTraceElement frame : e.getValue()) {
        if (frame.getClassName().equals("java.lang.Runtime") && frame.getMethodName().equals("exit")
            || frame.getClassName().equals("java.lang.Shutdown") && frame.getMethodName().equals("exit")) {
          Optional<String> id = transport.runningOn(e.getKey()).map(a -> a.instanceId());
          if (id.isPresent()) {
            return id;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The default handler: the report's summary on standard error. */
  static void printReport(RunReport report) {
    System.err.println("[manta] swarm '" + report.swarm() + "' FAILED: " + report.failure().orElse("") + "\n"
        + report.summary());
    System.err.flush();
  }

  @Override
  public void close() {
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
  }
}
