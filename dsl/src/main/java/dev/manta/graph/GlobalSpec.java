package dev.manta.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A swarm global. A constant one has its JSON {@code value}; a computed one is evaluated when the
 * swarm is launched and has none here. {@code problem} says why a value could not be written as
 * JSON (the validator reports it), and is {@code null} otherwise.
 *
 * @param name the global's name
 * @param javaType the declared or runtime Java type, for messages
 * @param value the JSON value of a constant global, {@code null} for a computed one
 * @param computed whether it is evaluated at launch
 * @param problem why the value is not writable as JSON, or {@code null}
 */
public record GlobalSpec(String name, String javaType, JsonNode value, boolean computed, String problem) {
  public GlobalSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(javaType, "javaType");
    value = value == null ? null : value.deepCopy();
  }

  /** The JSON value of a constant global (a copy: changing it changes no graph), or {@code null}. */
  @Override
  public JsonNode value() {
    return value == null ? null : value.deepCopy();
  }

  public static GlobalSpec constant(String name, String javaType, JsonNode value) {
    return new GlobalSpec(name, javaType, Objects.requireNonNull(value, "value"), false, null);
  }

  public static GlobalSpec computed(String name, String javaType) {
    return new GlobalSpec(name, javaType, null, true, null);
  }

  /**
   * A constant global set to {@code value}, with its runtime type; unwritable, with the reason, if
   * the value cannot be written as JSON (the validator reports it).
   */
  public static GlobalSpec of(String name, Object value) {
    String type = value == null ? "null" : value.getClass().getTypeName();
    try {
      return constant(name, type, Json.toTree(value));
    } catch (IllegalArgumentException e) {
      return unwritable(name, type, e.getMessage());
    }
  }

  public static GlobalSpec unwritable(String name, String javaType, String problem) {
    return new GlobalSpec(name, javaType, null, false, Objects.requireNonNull(problem, "problem"));
  }
}
