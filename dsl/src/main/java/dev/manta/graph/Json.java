package dev.manta.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson configuration Manta writes JSON values with: deterministic, sorted map keys. */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private Json() {}

  /** A shared, thread-safe mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * {@code value} as a JSON tree.
   *
   * @throws IllegalArgumentException with Jackson's reason when it cannot be written as JSON
   */
  public static JsonNode toTree(Object value) {
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(firstLine(cause.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not writable as JSON";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // Jackson's advice to switch off its own check is no advice for a Manta user.
    return line.replaceAll("\\s*\\(to avoid exception, disable [^)]*\\)", "");
  }
}
