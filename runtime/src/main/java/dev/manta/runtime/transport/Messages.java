package dev.manta.runtime.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON form of transport messages, shared by every transport. */
public final class Messages {
  /** The one Jackson configuration of Manta (manifests' values, messages, journal). */
  private static final ObjectMapper MAPPER = dev.manta.graph.Json.mapper();

  private Messages() {}

  public static String toJson(Object message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + message.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads {@code json} as a {@code type}, never {@code null}.
   *
   * @throws IllegalArgumentException if it is not valid JSON of that type, or is JSON {@code null}
   */
  public static <T> T fromJson(String json, Class<T> type) {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": the JSON is null; send an object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
