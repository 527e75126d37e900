package dev.manta.runtime.transport;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What an agent sends the conductor on behalf of one running instance. Every message is a small
 * immutable record that round-trips through JSON ({@code "type"} names the kind), so an HTTP
 * transport can carry the same messages the in-process one passes by reference.
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

  /** Asks to start an offered instance; the reply's value is {@code true} to run, {@code false} if cancelled. */
  record Claim(String instanceId) implements AgentMessage {
    public Claim {
      Objects.requireNonNull(instanceId, "instanceId");
    }
  }

  /** Reads a global; the reply's value is {@code {"set": true, "value": …}} or {@code {"set": false}}. */
  record ReadGlobal(String instanceId, String name) implements AgentMessage {}

  /** Lists the names of the globals set; the reply's value is a JSON array. */
  record GlobalNames(String instanceId) implements AgentMessage {}

  /** Sets a global. */
  record WriteGlobal(String instanceId, String name, JsonNode value) implements AgentMessage {}

  /** Publishes a result of this instance's node and iteration. */
  record AddResult(String instanceId, String tag, JsonNode value) implements AgentMessage {}

  /** Reads results of an iteration ({@code 0}: the instance's own) and tag; the reply's value is node → value. */
  record SelectResults(String instanceId, int iteration, String tag) implements AgentMessage {}

  /** One log line of the instance. */
  record Log(String instanceId, String level, String text) implements AgentMessage {}

  /** Asks for another iteration in which {@code alias} runs only on {@code nodeIds} (empty: no restriction). */
  record NextIteration(String instanceId, String alias, List<String> nodeIds) implements AgentMessage {
    public NextIteration {
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** Asks the swarm to stop: no further instance starts. */
  record Stop(String instanceId) implements AgentMessage {}

  /** The instance has ended; {@code error} is {@code null} when it succeeded. */
  record Ended(String instanceId, boolean succeeded, String error) implements AgentMessage {}
}
