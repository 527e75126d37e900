package dev.manta.spi;

import dev.manta.TaskBody;
import java.util.function.Supplier;

/**
 * What {@link Launchers}, every module image's entry point, hands the module's task to. The runtime
 * registers one implementation through {@link java.util.ServiceLoader}.
 */
public interface AgentEntryPoint {
  /** Runs an agent for the module whose task objects {@code factory} creates; returns the exit code. */
  int run(String moduleClass, String[] args, Supplier<? extends TaskBody> factory) throws Exception;
}
