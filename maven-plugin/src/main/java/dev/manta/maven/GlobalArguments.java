package dev.manta.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.manta.graph.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code -Dmanta.globals=name=value,name=value}; a value that is JSON is read as JSON, else as text. */
final class GlobalArguments {
  private GlobalArguments() {}

  static Map<String, Object> parse(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : splitTopLevel(text)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("manta.globals: '" + pair + "' is not name=value; write e.g. "
            + "-Dmanta.globals=threshold=0.95,max_rounds=20");
      }
      String name = pair.substring(0, eq).trim();
      String raw = pair.substring(eq + 1).trim();
      Object value;
      try {
        value = Json.mapper().readValue(raw, Object.class);
      } catch (JsonProcessingException e) {
        value = raw;
      }
      out.put(name, value);
    }
    return out;
  }

  /** Splits at commas outside brackets and quotes, so JSON arrays and objects stay whole. */
  private static java.util.List<String> splitTopLevel(String text) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (current.length() > 0) {
      parts.add(current.toString());
    }
    return parts;
  }
}
