package dev.manta.runtime.transport;

/** An agent's line to the conductor: sends one message and waits (a bounded time) for the reply. */
@FunctionalInterface
public interface ConductorLink {
  Reply send(AgentMessage message);
}
