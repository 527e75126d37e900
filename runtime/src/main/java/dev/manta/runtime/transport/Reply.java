package dev.manta.runtime.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The conductor's answer to an {@link AgentMessage}.
 *
 * @param value the answer's JSON value, or {@code null}
 * @param error why the request was refused (the task sees it as an exception), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reply(JsonNode value, String error) {
  public static final Reply OK = new Reply(null, null);

  /** A JSON {@code null} value is the same as none, so replies compare equal after a JSON round trip. */
  public Reply {
    if (value != null && (value.isNull() || value.isMissingNode())) {
      value = null;
    }
  }

  public static Reply of(JsonNode value) {
    return new Reply(value, null);
  }

  public static Reply refused(String error) {
    return new Reply(null, error);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean ok() {
    return error == null;
  }
}
