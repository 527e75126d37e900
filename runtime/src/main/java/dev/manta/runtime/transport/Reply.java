package dev.manta.runtime.transport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The conductor's answer to an {@link AgentMessage}.
 *
 * @param value the answer's JSON value, or {@code null}
 * @param error why the request was refused (the task sees it as an exception), or {@code null}
 */
public record Reply(JsonNode value, String error) {
  public static final Reply OK = new Reply(null, null);

  public static Reply of(JsonNode value) {
    return new Reply(value, null);
  }

  public static Reply refused(String error) {
    return new Reply(null, error);
  }

  public boolean ok() {
    return error == null;
  }
}
