/** The conductor: scheduling, conditions, retries, iterations and the world store of one swarm run. */
package dev.manta.runtime.conductor;
