/**
 * The Manta API: annotations to declare swarms and tasks ({@link dev.manta.Swarm},
 * {@link dev.manta.Task}) and the contract a task's code is written against
 * ({@link dev.manta.TaskBody}, {@link dev.manta.TaskContext}).
 */
package dev.manta;
