package dev.manta.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A JSON value carried as the UTF-8 text it was written as, inside a {@link JsonNode} (a
 * {@link POJONode}), so large values (a result of model weights) cross the in-process transport and
 * the conductor's store without ever becoming a tree of nodes, and are turned into Java values once,
 * where they are read. Written out (to a network transport, the journal), it is that text, so the
 * protocol's JSON is unchanged; read back from JSON it is an ordinary tree, which every reader
 * accepts too ({@link #bytes}, {@link #read}).
 */
public final class RawJson implements JsonSerializable {
  private final byte[] utf8;

  private RawJson(byte[] utf8) {
    this.utf8 = utf8;
  }

  /**
   * A node holding {@code utf8}, which must be one complete JSON value; the array is kept, not
   * copied: do not change it afterwards.
   */
  public static JsonNode node(byte[] utf8) {
    return new POJONode(new RawJson(Objects.requireNonNull(utf8, "utf8")));
  }

  /** {@code value} written as JSON, as a raw node. */
  public static JsonNode of(Object value) throws IOException {
    return node(Json.mapper().writeValueAsBytes(value));
  }

  /** Whether {@code node} is a raw node. */
  public static boolean isRaw(JsonNode node) {
    return node instanceof POJONode p && p.getPojo() instanceof RawJson;
  }

  /** The JSON text of {@code node} as UTF-8 (a raw node's own array: do not change it). */
  public static byte[] bytes(JsonNode node) throws IOException {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r) {
      return r.utf8;
    }
    return Json.mapper().writeValueAsBytes(node);
  }

  /** {@code node} read as {@code type}: from its text when raw, else from the tree. */
  public static <T> T read(JsonNode node, com.fasterxml.jackson.databind.JavaType type) throws IOException {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r) {
      return Json.mapper().readValue(r.utf8, type);
    }
    return Json.mapper().treeToValue(node, type);
  }

  /** {@code node} as a tree: parsed from its text when raw, else itself. */
  public static JsonNode tree(JsonNode node) throws IOException {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r) {
      return Json.mapper().readTree(r.utf8);
    }
    return node;
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    gen.writeRawValue(new Text(utf8));
  }

  @Override
  public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
      throws IOException {
    serialize(gen, serializers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawJson r && java.util.Arrays.equals(utf8, r.utf8);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** The text as Jackson's raw output wants it: UTF-8 bytes for byte generators, a string for the others. */
  private static final class Text implements SerializableString {
    private final byte[] utf8;
    private String value;

    Text(byte[] utf8) {
      this.utf8 = utf8;
    }

    @Override
    public String getValue() {
      if (value == null) {
        value = new String(utf8, StandardCharsets.UTF_8);
      }
      return value;
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public byte[] asUnquotedUTF8() {
      return utf8;
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      return -1;
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      return -1;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (offset + utf8.length > buffer.length) {
        return -1;
      }
      System.arraycopy(utf8, 0, buffer, offset, utf8.length);
      return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      String s = getValue();
      if (offset + s.length() > buffer.length) {
        return -1;
      }
      s.getChars(0, s.length(), buffer, offset);
      return s.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
      throw new UnsupportedOperationException("raw JSON is written unquoted");
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(utf8);
      return utf8.length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      return -1;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (buffer.remaining() < utf8.length) {
        return -1;
      }
      buffer.put(utf8);
      return utf8.length;
    }
  }
}
