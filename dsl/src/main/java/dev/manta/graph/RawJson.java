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
 *
 * <p>A node made by {@link #snapshot} from a primitive array ({@code double[]}, {@code float[]},
 * {@code long[]}, {@code int[]}), a {@code String} or a boxed number or boolean keeps a private copy
 * of the value and writes its text only when someone needs the text; a reader asking for exactly
 * that class gets a copy of the value without any text at all. Both ways give the same value: the
 * writer's shortest decimal text reads back to the same {@code double} or {@code float}.
 */
public final class RawJson implements JsonSerializable {
  private static final java.util.Set<Class<?>> SNAPSHOTS = java.util.Set.of(double[].class, float[].class,
      long[].class, int[].class, String.class, Double.class, Float.class, Long.class, Integer.class, Short.class,
      Byte.class, Boolean.class);
  private volatile byte[] utf8;
  /** A private copy of the value (see {@link #snapshot}), or {@code null}. */
  private final Object value;

  private RawJson(byte[] utf8, Object value) {
    this.utf8 = utf8;
    this.value = value;
  }

  /**
   * A node holding {@code utf8}, which must be one complete JSON value; the array is kept, not
   * copied: do not change it afterwards.
   */
  public static JsonNode node(byte[] utf8) {
    return new POJONode(new RawJson(Objects.requireNonNull(utf8, "utf8"), null));
  }

  /**
   * {@code value} written as JSON, as a raw node. A {@code byte[]} is written as Jackson writes it
   * (a base64 string, standard alphabet, padded, no line feeds) by the JDK's encoder, which is
   * several times faster for large arrays.
   */
  public static JsonNode of(Object value) throws IOException {
    if (value instanceof byte[] b) {
      return node(base64String(b));
    }
    return node(Json.mapper().writeValueAsBytes(value));
  }

  /** {@code bytes} as a JSON string of their base64 text, quotes included. */
  static byte[] base64String(byte[] bytes) {
    byte[] text = java.util.Base64.getEncoder().encode(bytes);
    byte[] out = new byte[text.length + 2];
    out[0] = '"';
    System.arraycopy(text, 0, out, 1, text.length);
    out[out.length - 1] = '"';
    return out;
  }

  /**
   * The bytes of {@code utf8} when it is a JSON string of plain base64 text (no escapes), decoded
   * by the JDK's decoder; {@code null} when it is anything else (then Jackson reads it, and says
   * what is wrong).
   */
  static byte[] fromBase64String(byte[] utf8) {
    if (utf8.length < 2 || utf8[0] != '"' || utf8[utf8.length - 1] != '"') {
      return null;
    }
    try {
      // Decoded from the text in place (no copy of it); the answer's array is the bytes' own size.
      ByteBuffer decoded = java.util.Base64.getDecoder().decode(ByteBuffer.wrap(utf8, 1, utf8.length - 2));
      byte[] out = decoded.array();
      return decoded.arrayOffset() == 0 && decoded.remaining() == out.length ? out
          : java.util.Arrays.copyOfRange(out, decoded.arrayOffset() + decoded.position(),
              decoded.arrayOffset() + decoded.limit());
    } catch (IllegalArgumentException e) {
      return null; // not plain base64: escapes, line feeds, another alphabet
    }
  }

  /**
   * {@code value} as a raw node: a private copy of it when it is a primitive array of
   * {@code double}, {@code float}, {@code long} or {@code int}, a {@code String} or a boxed number
   * or boolean (its text is written when first needed), else written as JSON at once ({@link #of}).
   */
  public static JsonNode snapshot(Object value) throws IOException {
    if (value == null || !SNAPSHOTS.contains(value.getClass())) {
      return of(value);
    }
    return new POJONode(new RawJson(null, keep(value)));
  }

  /** The private copy a snapshot keeps: large arrays in a slab (see {@link Slabs}), others cloned. */
  private static Object keep(Object value) {
    if (value instanceof double[] || value instanceof float[] || value instanceof long[] || value instanceof int[]) {
      return Slabs.keep(value);
    }
    return value; // immutable
  }

  /** The class a reader must ask for to get a copy of the value {@code value} keeps. */
  private static Class<?> classOf(Object value) {
    return value instanceof Slabs.Slice s ? s.type : value.getClass();
  }

  private static Object copy(Object value) {
    if (value instanceof Slabs.Slice s) {
      return s.copy();
    }
    if (value instanceof double[] d) {
      return d.clone();
    }
    if (value instanceof float[] f) {
      return f.clone();
    }
    if (value instanceof long[] l) {
      return l.clone();
    }
    if (value instanceof int[] i) {
      return i.clone();
    }
    return value; // immutable
  }

  /**
   * {@code node} without its written text when it is a snapshot (a new node sharing the value; the
   * text is written again if needed), else {@code node}: for keeping a value once its text has
   * served (a journal line), at the value's own size.
   */
  public static JsonNode withoutText(JsonNode node) {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r && r.value != null && r.utf8 != null) {
      return new POJONode(new RawJson(null, r.value));
    }
    return node;
  }

  /**
   * The class of the primitive array ({@code double[]}, {@code float[]}, {@code long[]},
   * {@code int[]}) that {@code node} keeps a private copy of ({@link #snapshot}), or {@code null}:
   * {@link #read} with that class gives a copy of the array without any text.
   */
  public static Class<?> snapshotType(JsonNode node) {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r && r.value != null) {
      Class<?> type = classOf(r.value);
      return type.isArray() ? type : null;
    }
    return null;
  }

  /** Whether {@code node} is a raw node. */
  public static boolean isRaw(JsonNode node) {
    return node instanceof POJONode p && p.getPojo() instanceof RawJson;
  }

  /**
   * At most how many bytes the JSON text of {@code node} takes, without writing it when it is
   * not written yet (a bound for a snapshot, exact for text), or {@code -1} when unknown (a tree).
   */
  public static long sizeBound(JsonNode node) {
    if (!(node instanceof POJONode p && p.getPojo() instanceof RawJson r)) {
      return -1;
    }
    byte[] text = r.utf8;
    if (text != null) {
      return text.length;
    }
    Object v = r.value;
    Class<?> type = classOf(v);
    long length = v instanceof Slabs.Slice s ? s.length : type.isArray() ? java.lang.reflect.Array.getLength(v) : 0;
    // per element: the longest number text and a comma; a String's char may take six bytes (an escape)
    long n = type == double[].class ? 25L * length : type == float[].class ? 16L * length
        : type == long[].class ? 21L * length : type == int[].class ? 12L * length
        : v instanceof String str ? 6L * str.length() : 32;
    return n + 2;
  }

  /** The JSON text of {@code node} as UTF-8 (a raw node's own array: do not change it). */
  public static byte[] bytes(JsonNode node) throws IOException {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r) {
      return r.text();
    }
    return Json.mapper().writeValueAsBytes(node);
  }

  /** {@code node} read as {@code type}: a copy of a snapshot of that very class, else from its text or tree. */
  @SuppressWarnings("unchecked")
  public static <T> T read(JsonNode node, com.fasterxml.jackson.databind.JavaType type) throws IOException {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r) {
      if (r.value != null && type.getRawClass() == classOf(r.value)) {
        return (T) copy(r.value);
      }
      byte[] text = r.text();
      if (type.getRawClass() == byte[].class) {
        byte[] decoded = fromBase64String(text);
        if (decoded != null) {
          return (T) decoded;
        }
      }
      return Json.mapper().readValue(text, type);
    }
    return Json.mapper().treeToValue(node, type);
  }

  /** {@code node} as a tree: parsed from its text when raw, else itself. */
  public static JsonNode tree(JsonNode node) throws IOException {
    if (node instanceof POJONode p && p.getPojo() instanceof RawJson r) {
      return Json.mapper().readTree(r.text());
    }
    return node;
  }

  /** The text, written from the snapshot the first time it is needed (the same bytes every time). */
  private byte[] text() throws IOException {
    byte[] text = utf8;
    if (text == null) {
      text = plainText(value);
      if (text == null) {
        text = Json.mapper().writeValueAsBytes(value instanceof Slabs.Slice s ? s.copy() : value);
      }
      utf8 = text;
    }
    return text;
  }

  /**
   * The text of an integer, a boolean or a string of printable ASCII without {@code "} or
   * {@code \} — the bytes the mapper writes for it, without setting up a generator (a journaled
   * run writes every result's text, most of them small) — or {@code null} for anything else.
   */
  static byte[] plainText(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof Boolean) {
      return value.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    if (value instanceof String str && str.length() <= 4096) {
      byte[] out = new byte[str.length() + 2];
      out[0] = '"';
      for (int i = 0; i < str.length(); i++) {
        char c = str.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          return null;
        }
        out[i + 1] = (byte) c;
      }
      out[out.length - 1] = '"';
      return out;
    }
    return null;
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    gen.writeRawValue(new Text(text()));
  }

  @Override
  public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
      throws IOException {
    serialize(gen, serializers);
  }

  @Override
  public boolean equals(Object o) {
    try {
      return o instanceof RawJson r && java.util.Arrays.equals(text(), r.text());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public int hashCode() {
    try {
      return java.util.Arrays.hashCode(text());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    try {
      return new String(text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
