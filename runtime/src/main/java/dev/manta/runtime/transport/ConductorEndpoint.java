package dev.manta.runtime.transport;

/**
 * The conductor as a transport sees it: it answers agent messages and hears about nodes. Thread-safe;
 * every method returns without waiting on an agent.
 */
public interface ConductorEndpoint {
  /**
   * Answers {@code message}, sent by the agent of {@code nodeId} (as the transport authenticated it).
   * A message about an instance of another node, or with a stale attempt token, is refused.
   */
  Reply handle(String nodeId, AgentMessage message);

  /** The agent of {@code nodeId} is reachable (again, or for the first time). */
  default void nodeJoined(String nodeId) {}

  /**
   * The agent of {@code nodeId} is gone (its lease ran out, its connection broke): every instance
   * still assigned to or running on it ends {@code LOST}.
   */
  void nodeLost(String nodeId, String reason);

  /** {@code assignment} could not be delivered to its agent: the instance ends {@code LOST}. */
  void offerFailed(Assignment assignment, String reason);
}
