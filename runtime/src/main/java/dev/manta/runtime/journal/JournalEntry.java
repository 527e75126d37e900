package dev.manta.runtime.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.runtime.report.InstanceState;
import java.util.List;
import java.util.Map;

/**
 * One committed change of a swarm run: one JSON line of the journal, {@code "type"} naming the
 * kind. The conductor applies the same entries when it runs and when it replays a journal.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalEntry.SwarmStarted.class, name = "swarm-started"),
    @JsonSubTypes.Type(value = JournalEntry.IterationStarted.class, name = "iteration-started"),
    @JsonSubTypes.Type(value = JournalEntry.TaskStarted.class, name = "task-started"),
    @JsonSubTypes.Type(value = JournalEntry.InstanceAssigned.class, name = "instance-assigned"),
    @JsonSubTypes.Type(value = JournalEntry.InstanceRunning.class, name = "instance-running"),
    @JsonSubTypes.Type(value = JournalEntry.InstanceEnded.class, name = "instance-ended"),
    @JsonSubTypes.Type(value = JournalEntry.GlobalSet.class, name = "global-set"),
    @JsonSubTypes.Type(value = JournalEntry.ResultAdded.class, name = "result-added"),
    @JsonSubTypes.Type(value = JournalEntry.LogLine.class, name = "log"),
    @JsonSubTypes.Type(value = JournalEntry.NextIterationRequested.class, name = "next-iteration-requested"),
    @JsonSubTypes.Type(value = JournalEntry.StopRequested.class, name = "stop-requested"),
    @JsonSubTypes.Type(value = JournalEntry.IterationEnded.class, name = "iteration-ended"),
    @JsonSubTypes.Type(value = JournalEntry.SwarmEnded.class, name = "swarm-ended"),
    @JsonSubTypes.Type(value = JournalEntry.NodeLost.class, name = "node-lost")})
public sealed interface JournalEntry {
  /**
   * The run began: the swarm, the node-choice seed, the initial globals and what identifies the run
   * (checked when it resumes; {@code null} only in journals of older versions).
   */
  record SwarmStarted(String swarm, long seed, Map<String, JsonNode> globals, RunIdentity identity)
      implements JournalEntry {
    public SwarmStarted {
      globals = Map.copyOf(globals);
    }
  }

  /** Iteration {@code iteration} began. */
  record IterationStarted(int iteration) implements JournalEntry {}

  /** Task {@code alias} started in {@code iteration} on {@code nodes} (the first pick; ANY retries add instances). */
  record TaskStarted(int iteration, String alias, List<String> nodes) implements JournalEntry {
    public TaskStarted {
      nodes = List.copyOf(nodes);
    }
  }

  /** An instance was created and offered to the agent of {@code node}. */
  record InstanceAssigned(String id, int iteration, String alias, String node, int attempt) implements JournalEntry {}

  /** An agent claimed the instance and started it. */
  record InstanceRunning(String id) implements JournalEntry {}

  /** The instance ended; {@code error} is set when it failed, timed out or was lost. */
  record InstanceEnded(String id, InstanceState state, String error) implements JournalEntry {}

  /** Instance {@code by} set global {@code name}. */
  record GlobalSet(String name, JsonNode value, String by) implements JournalEntry {}

  /**
   * A result of instance {@code by} (task {@code alias} on {@code node}) in {@code iteration}; its
   * key is {@code <alias>/<node>}.
   */
  record ResultAdded(int iteration, String tag, String node, JsonNode value, String alias, String by)
      implements JournalEntry {}

  /** A log line of instance {@code id}. */
  record LogLine(String id, String level, String text) implements JournalEntry {}

  /** Task instance {@code by} asked for another iteration, restricting {@code alias} to {@code nodes} (empty: none). */
  record NextIterationRequested(int iteration, String alias, List<String> nodes, String by) implements JournalEntry {
    public NextIterationRequested {
      nodes = List.copyOf(nodes);
    }
  }

  /** Instance {@code by} called {@code stopSwarm()}. */
  record StopRequested(String by) implements JournalEntry {}

  /** Every task of iteration {@code iteration} is done. */
  record IterationEnded(int iteration) implements JournalEntry {}

  /** The run ended: {@code status} COMPLETED, STOPPED or FAILED, with the failure message when failed. */
  record SwarmEnded(String status, String failure) implements JournalEntry {}

  /** The transport lost the agent of {@code node} (its instances end LOST in entries of their own). */
  record NodeLost(String node, String reason) implements JournalEntry {}
}
