/** How the conductor and its agents talk: the transport interface, its JSON-serialisable messages, and the in-process transport. */
package dev.manta.runtime.transport;
