package dev.manta.runtime.transport;

import java.util.Set;

/**
 * How the conductor reaches its agents. The conductor offers {@link Assignment}s and answers the
 * {@link AgentMessage}s agents send through the {@link ConductorEndpoint} it registers; it never
 * learns how they travel. A transport keeps each agent's lease (renewed by heartbeat) and tells
 * the endpoint when a node joins or is lost and when an offer cannot be delivered. Every
 * implementation must pass the transport contract suite ({@code AgentTransportContract} in the
 * runtime's tests).
 */
public interface AgentTransport extends AutoCloseable {
  /** Starts the transport; from now on agent messages and node events go to {@code conductor}. */
  void start(ConductorEndpoint conductor);

  /** The ids of the nodes whose agents hold a lease now. */
  Set<String> liveNodes();

  /**
   * Whether the agent of {@code node} holds a lease now; asked once per offer, so an implementation
   * should answer in O(1) (the default asks {@link #liveNodes()}).
   */
  default boolean isLive(String node) {
    return liveNodes().contains(node);
  }

  /**
   * Offers an instance to the agent of its node and module; returns at once. An offer that cannot
   * be delivered is reported through {@link ConductorEndpoint#offerFailed}, never thrown.
   */
  void offer(Assignment assignment);

  /**
   * Asks the agent running {@code assignment} to stop it (the instance timed out or the run ended):
   * its thread is interrupted. Returns at once; a task that ignores the interrupt keeps its thread
   * but can no longer change the world (its token is superseded).
   */
  void cancel(Assignment assignment);

  /** Stops delivering work and releases threads and connections, waiting a bounded time. */
  @Override
  void close();
}
