package dev.manta.runtime.agent;

import dev.manta.TaskBody;
import dev.manta.spi.AgentEntryPoint;
import java.util.function.Supplier;

/**
 * The runtime's {@link AgentEntryPoint}, which generated launchers reach. Cluster agents need the
 * Docker transport, which is not built yet: this says so and exits with code 2 rather than pretend.
 */
public final class ClusterAgentEntryPoint implements AgentEntryPoint {
  /** The message printed, so callers and tests can recognise it. */
  public static final String NOT_YET = "[Manta] cluster agent mode arrives with the Docker transport, which this"
      + " runtime does not have yet; run the swarm locally (mvn manta:run or dev.manta.runtime.LocalRun)";

  @Override
  public int run(String moduleClass, String[] args, Supplier<? extends TaskBody> factory) {
    System.err.println(NOT_YET + " (module " + moduleClass + ")");
    return 2;
  }
}
