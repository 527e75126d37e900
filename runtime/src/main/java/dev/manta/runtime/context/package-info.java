/** The {@link dev.manta.TaskContext} a running task instance sees. */
package dev.manta.runtime.context;
