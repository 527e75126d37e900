package dev.manta.runtime.conductor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every result of a run: iteration → tag → key ({@code <alias>/<node>}) → value, each value kept as
 * its JSON bytes (about a third of the memory of a Jackson tree) and turned back into a tree only
 * when read. Guarded by the conductor's lock.
 */
final class ResultValues {
  private final Map<Integer, Map<String, Map<String, byte[]>>> values = new TreeMap<>();

  void put(int iteration, String tag, String key, JsonNode value) {
    try {
      values.computeIfAbsent(iteration, k -> new TreeMap<>()).computeIfAbsent(tag, k -> new TreeMap<>())
          .put(key, Json.mapper().writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("result '" + tag + "' of " + key + " cannot be written as JSON", e);
    }
  }

  /** The values of {@code iteration} under {@code tag} as one object, key → value (sorted). */
  ObjectNode select(int iteration, String tag) {
    ObjectNode out = Json.mapper().createObjectNode();
    values.getOrDefault(iteration, Map.of()).getOrDefault(tag, Map.of()).forEach((k, v) -> out.set(k, tree(v)));
    return out;
  }

  /** Every value as trees (for the run's report). */
  Map<Integer, Map<String, Map<String, JsonNode>>> trees() {
    Map<Integer, Map<String, Map<String, JsonNode>>> out = new TreeMap<>();
    values.forEach((i, byTag) -> byTag.forEach((tag, byKey) -> byKey.forEach((k, v) ->
        out.computeIfAbsent(i, x -> new TreeMap<>()).computeIfAbsent(tag, x -> new TreeMap<>()).put(k, tree(v)))));
    return out;
  }

  private static JsonNode tree(byte[] json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
