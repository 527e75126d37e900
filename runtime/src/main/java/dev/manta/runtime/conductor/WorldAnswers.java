package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Reply;

/** The answers to agents' read requests (globals, their names, results); they change nothing. */
final class WorldAnswers {
  private WorldAnswers() {}

  /** The answer to {@code message}, or {@code null} if it is not a read request. */
  static Reply answer(WorldStore store, WorldStore.Instance instance, AgentMessage message) {
    if (message instanceof AgentMessage.ReadGlobal r) {
      ObjectNode answer = Json.mapper().createObjectNode();
      JsonNode value = store.globals.get(r.name());
      answer.put("set", value != null);
      if (value != null) {
        answer.set("value", value);
      }
      return Reply.of(answer);
    }
    if (message instanceof AgentMessage.GlobalNames) {
      ArrayNode names = Json.mapper().createArrayNode();
      store.globals.keySet().forEach(names::add);
      return Reply.of(names);
    }
    if (message instanceof AgentMessage.SelectResults s) {
      int iteration = s.iteration() == 0 ? instance.iteration : s.iteration();
      return Reply.of(store.results.select(iteration, s.tag()));
    }
    return null;
  }
}
