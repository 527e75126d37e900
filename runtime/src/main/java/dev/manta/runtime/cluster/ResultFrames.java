package dev.manta.runtime.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Result values on the HTTP transport as bytes of their own, not as text inside a JSON message: a
 * result's JSON travels as it was written, and is neither parsed into a tree nor quoted again on
 * the way (see docs/cluster.md, "Conductor and agents"). A frame is one line of JSON (the envelope:
 * what the bytes are), a line end, then the values' JSON bytes one after another.
 *
 * <ul>
 *   <li>{@code add-result}, sent by the agent with {@code Content-Type: } {@link #MEDIA_TYPE}: the
 *       envelope is the {@link AgentMessage.AddResult} itself with {@code "value": null}, and the
 *       rest of the body is the value's JSON (one value, without line ends).</li>
 *   <li>The answer to {@code select-results}, when the agent sent {@code Accept: } {@link #MEDIA_TYPE}:
 *       the envelope is {@code {"keys": [...], "sizes": [...]}} (each key's value's length in bytes, in
 *       the same order), and the values follow in that order. A refusal is JSON as for every other
 *       message.</li>
 * </ul>
 *
 * Every other message, and every message without these headers, travels as JSON ({@link Messages}),
 * as before: the conductor accepts both.
 */
final class ResultFrames {
  /** The media type of a frame. */
  static final String MEDIA_TYPE = "application/vnd.manta.frame";

  private static final byte NEWLINE = '\n';

  private ResultFrames() {}

  /** Whether {@code message} travels as a frame: a result with a value. */
  static boolean framed(AgentMessage message) {
    return message instanceof AgentMessage.AddResult a && a.value() != null && !a.value().isNull();
  }

  /** The body of {@code add}: its envelope and its value's JSON bytes (the value's own array, not copied). */
  static List<byte[]> addResult(AgentMessage.AddResult add) {
    byte[] value;
    try {
      value = RawJson.bytes(add.value());
    } catch (IOException e) {
      throw new IllegalArgumentException("result '" + add.tag() + "' cannot be written as JSON: " + e.getMessage(), e);
    }
    byte[] head = Messages.toJson(new AgentMessage.AddResult(add.instanceId(), add.token(), add.tag(), null))
        .getBytes(StandardCharsets.UTF_8);
    byte[] line = Arrays.copyOf(head, head.length + 1);
    line[head.length] = NEWLINE;
    return List.of(line, value);
  }

  /**
   * The {@code add-result} in {@code body}; its value is a raw node holding the value's bytes as they
   * came (checked to be one JSON value on one line).
   *
   * @throws IllegalArgumentException if the body is not such a frame
   */
  static AgentMessage.AddResult readAddResult(byte[] body) {
    int end = lineEnd(body, "add-result");
    AgentMessage m = Messages.fromJson(new String(body, 0, end, StandardCharsets.UTF_8), AgentMessage.class);
    if (!(m instanceof AgentMessage.AddResult a)) {
      throw new IllegalArgumentException("a " + MEDIA_TYPE + " message must be an add-result, not "
          + (m == null ? "nothing" : m.getClass().getSimpleName()));
    }
    byte[] value = Arrays.copyOfRange(body, end + 1, body.length);
    requireOneValue(value, "result '" + a.tag() + "' of " + a.instanceId());
    return new AgentMessage.AddResult(a.instanceId(), a.token(), a.tag(), RawJson.node(value));
  }

  /** The answer to a select: {@code value} (key → value) as a frame, each value's kept bytes as they are. */
  static HttpEndpoints.Response selectAnswer(ObjectNode value) {
    List<String> keys = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<byte[]> parts = new ArrayList<>();
    parts.add(null);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      byte[] bytes;
      try {
        bytes = RawJson.bytes(e.getValue());
      } catch (IOException x) {
        throw new UncheckedIOException("the value of " + e.getKey() + " cannot be written as JSON", x);
      }
      keys.add(e.getKey());
      sizes.add(bytes.length);
      parts.add(bytes);
    }
    ObjectNode head = Json.mapper().createObjectNode();
    keys.forEach(head.putArray("keys")::add);
    sizes.forEach(head.putArray("sizes")::add);
    parts.set(0, (head.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    return new HttpEndpoints.Response(200, parts, MEDIA_TYPE);
  }

  /**
   * The reply in a select answer's frame: key → raw node of the value's bytes.
   *
   * @throws IllegalArgumentException if {@code body} is not such a frame
   */
  static Reply readSelectAnswer(byte[] body) {
    int end = lineEnd(body, "select answer");
    JsonNode head;
    try {
      head = Json.mapper().readTree(body, 0, end);
    } catch (IOException e) {
      throw new IllegalArgumentException("the select answer's first line is not JSON: " + e.getMessage(), e);
    }
    JsonNode keys = head.path("keys");
    JsonNode sizes = head.path("sizes");
    if (!keys.isArray() || !sizes.isArray() || keys.size() != sizes.size()) {
      throw new IllegalArgumentException("the select answer's first line must hold 'keys' and 'sizes' of one length: "
          + head);
    }
    ObjectNode out = Json.mapper().createObjectNode();
    int at = end + 1;
    for (int i = 0; i < keys.size(); i++) {
      long size = sizes.get(i).asLong(-1);
      if (size < 0 || size > body.length - at) {
        throw new IllegalArgumentException("the select answer is cut short: value " + i + " of " + keys.size()
            + " (" + keys.get(i).asText() + ") should take " + size + " bytes, " + (body.length - at) + " are left");
      }
      out.set(keys.get(i).asText(), RawJson.node(Arrays.copyOfRange(body, at, at + (int) size)));
      at += (int) size;
    }
    if (at != body.length) {
      throw new IllegalArgumentException("the select answer has " + (body.length - at) + " bytes after its last value");
    }
    return Reply.of(out);
  }

  private static int lineEnd(byte[] body, String what) {
    for (int i = 0; i < body.length; i++) {
      if (body[i] == NEWLINE) {
        return i;
      }
    }
    throw new IllegalArgumentException("a " + what + " frame (" + MEDIA_TYPE + ") must start with a line of JSON"
        + " ending in a line feed; none in " + body.length + " bytes");
  }

  /**
   * Checks that {@code value} is exactly one JSON value with no line end (the journal keeps it on
   * one line, as it came), without building it: a streaming pass that skips over its contents.
   */
  static void requireOneValue(byte[] value, String what) {
    for (byte b : value) {
      if (b == '\n' || b == '\r') {
        throw new IllegalArgumentException(what + ": the value holds a line end; send it as compact JSON (one line)");
      }
    }
    try (JsonParser p = Json.mapper().getFactory().createParser(value)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException(what + ": the value is empty; send one JSON value (null for none)");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(what + ": more than one JSON value after the envelope; send exactly one");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": the value is not well-formed JSON: " + e.getMessage(), e);
    }
  }
}
