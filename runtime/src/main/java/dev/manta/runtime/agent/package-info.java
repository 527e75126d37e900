/** Agents: run offered task instances on fresh task objects; the runtime's agent entry point. */
package dev.manta.runtime.agent;
