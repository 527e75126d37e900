package dev.manta.spi;

import dev.manta.TaskBody;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** Called by generated launchers ({@code <Task>_MantaLauncher.main}); finds the runtime's entry point. */
public final class Launchers {
  private Launchers() {}

  /**
   * Runs the module's agent and exits the JVM with its exit code.
   *
   * @param moduleClass the binary name of the task class
   * @param args the launcher's command-line arguments
   * @param factory a new task object per call ({@code Trainer::new})
   */
  public static void launch(String moduleClass, String[] args, Supplier<? extends TaskBody> factory) {
    Iterator<AgentEntryPoint> found = ServiceLoader.load(AgentEntryPoint.class).iterator();
    if (!found.hasNext()) {
      System.err.println("[Manta] no runtime on the class path: add the dependency dev.manta:manta-runtime to run "
          + moduleClass);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = found.next().run(moduleClass, args, factory);
    } catch (Exception e) {
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }
}
