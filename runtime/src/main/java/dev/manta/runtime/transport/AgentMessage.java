package dev.manta.runtime.transport;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What an agent sends the conductor on behalf of one running instance. Every message is a small
 * immutable record that round-trips through JSON ({@code "type"} names the kind), so an HTTP
 * transport can carry the same messages the in-process one passes by reference. Every message
 * echoes the {@link Assignment#token() attempt token} of the assignment it belongs to; the
 * conductor refuses a message whose token is not the instance's current one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AgentMessage.Claim.class, name = "claim"),
    @JsonSubTypes.Type(value = AgentMessage.ReadGlobal.class, name = "read-global"),
    @JsonSubTypes.Type(value = AgentMessage.GlobalNames.class, name = "global-names"),
    @JsonSubTypes.Type(value = AgentMessage.WriteGlobal.class, name = "write-global"),
    @JsonSubTypes.Type(value = AgentMessage.AddResult.class, name = "add-result"),
    @JsonSubTypes.Type(value = AgentMessage.SelectResults.class, name = "select-results"),
    @JsonSubTypes.Type(value = AgentMessage.Log.class, name = "log"),
    @JsonSubTypes.Type(value = AgentMessage.NextIteration.class, name = "next-iteration"),
    @JsonSubTypes.Type(value = AgentMessage.Stop.class, name = "stop"),
    @JsonSubTypes.Type(value = AgentMessage.Ended.class, name = "ended")})
public sealed interface AgentMessage {
  /** The instance the message is about. */
  String instanceId();

  /** The attempt token of the assignment the message belongs to. */
  long token();

  /** Asks to start an offered instance; the reply's value is {@code true} to run, {@code false} if cancelled. */
  record Claim(String instanceId, long token) implements AgentMessage {
    public Claim {
      Objects.requireNonNull(instanceId, "instanceId");
    }
  }

  /** Reads a global; the reply's value is {@code {"set": true, "value": …}} or {@code {"set": false}}. */
  record ReadGlobal(String instanceId, long token, String name) implements AgentMessage {}

  /** Lists the names of the globals set; the reply's value is a JSON array. */
  record GlobalNames(String instanceId, long token) implements AgentMessage {}

  /** Sets a global. */
  record WriteGlobal(String instanceId, long token, String name, JsonNode value) implements AgentMessage {}

  /** Publishes a result of this instance (key {@code <alias>/<node>}) in its iteration. */
  record AddResult(String instanceId, long token, String tag, JsonNode value) implements AgentMessage {}

  /**
   * Reads results of an iteration ({@code 0}: the instance's own) and tag; the reply's value is
   * key ({@code <alias>/<node>}) → value.
   */
  record SelectResults(String instanceId, long token, int iteration, String tag) implements AgentMessage {}

  /** One log line of the instance. */
  record Log(String instanceId, long token, String level, String text) implements AgentMessage {}

  /** Asks for another iteration in which {@code alias} runs only on {@code nodeIds} (empty: no restriction). */
  record NextIteration(String instanceId, long token, String alias, List<String> nodeIds) implements AgentMessage {
    public NextIteration {
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** Asks the swarm to stop: no further instance starts. */
  record Stop(String instanceId, long token) implements AgentMessage {}

  /** The instance has ended; {@code error} is {@code null} when it succeeded. */
  record Ended(String instanceId, long token, boolean succeeded, String error) implements AgentMessage {}
}
