/** Agents: run offered task instances on fresh task objects; the runtime's launcher entry point. */
package dev.manta.runtime.agent;
