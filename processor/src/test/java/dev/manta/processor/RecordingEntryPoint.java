package dev.manta.processor;

import dev.manta.TaskBody;
import dev.manta.spi.AgentEntryPoint;
import java.util.function.Supplier;

/**
 * A stand-in runtime for the test of dev.manta.spi.Launchers: registered through a service file only in the child
 * JVM that test starts, it creates two task objects and reports what it got.
 */
public final class RecordingEntryPoint implements AgentEntryPoint {
  @Override
  public int run(String moduleClass, String[] args, Supplier<? extends TaskBody> factory) {
    TaskBody first = factory.get();
    TaskBody second = factory.get();
    System.out.println("module=" + moduleClass + " created=" + first.getClass().getName()
        + " fresh=" + (first != second) + " args=" + String.join(",", args));
    return 7;
  }
}
