/**
 * The in-process transport: agents in this JVM on a bounded thread pool, their leases, and the
 * faults tests inject (lost and unresponsive nodes).
 */
package dev.manta.runtime.local;
