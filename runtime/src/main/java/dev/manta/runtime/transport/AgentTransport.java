package dev.manta.runtime.transport;

import java.util.Set;

/**
 * How the conductor reaches its agents. The conductor offers {@link Assignment}s and answers the
 * {@link AgentMessage}s agents send through the {@link ConductorEndpoint} it registers; it never
 * learns how they travel. {@link LocalTransport} runs the agents in this JVM; a cluster transport
 * carries the same records as JSON over HTTP and reuses the conductor unchanged.
 */
public interface AgentTransport extends AutoCloseable {
  /** Starts the transport; from now on agent messages go to {@code conductor}. */
  void start(ConductorEndpoint conductor);

  /** The ids of the nodes whose agents are reachable now. */
  Set<String> liveNodes();

  /** Offers an instance to the agent of its node and module; returns at once. */
  void offer(Assignment assignment);

  /** Stops delivering work and releases threads and connections. */
  @Override
  void close();
}
