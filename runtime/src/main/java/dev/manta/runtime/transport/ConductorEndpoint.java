package dev.manta.runtime.transport;

/** The conductor as a transport sees it: it answers every agent message. Thread-safe. */
@FunctionalInterface
public interface ConductorEndpoint {
  Reply handle(AgentMessage message);
}
