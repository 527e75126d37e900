/**
 * The protocol between the conductor and its agents, and nothing else: the transport interface,
 * the conductor's endpoint, the JSON-serialisable messages, and leases. Implementations live
 * elsewhere ({@code dev.manta.runtime.local} for the in-process one).
 */
package dev.manta.runtime.transport;
