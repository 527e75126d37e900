package dev.manta.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads manifests. Writing is deterministic: the same manifest gives the same bytes
 * (fixed property order, sorted globals, two-space indent, {@code \n} line ends, a final newline).
 * Reading rejects malformed JSON, an unknown {@code manifestVersion}, a missing field or an unknown
 * one, with an error naming the source and the JSON path.
 */
public final class ManifestCodec {
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"));
  private static final ObjectMapper MAPPER = dev.manta.graph.Json.builder()
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // Global values keep every digit they were written with: 0.1000000000000000055 stays that.
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private ManifestCodec() {}

  /** The manifest as UTF-8 JSON bytes. */
  public static byte[] write(Manifest manifest) {
    return writeString(manifest).getBytes(StandardCharsets.UTF_8);
  }

  /** The manifest as JSON text, ending in a newline. */
  public static String writeString(Manifest manifest) {
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(manifest) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write manifest of swarm '" + manifest.swarm() + "'", e);
    }
  }

  /**
   * {@code value} as this codec reads it back after writing it: a fresh tree whose number nodes
   * are what the text gives ({@code 5L} and {@code 5} both become the same node), so a manifest
   * equals itself after a round trip.
   */
  static JsonNode canonical(JsonNode value) {
    if (value == null) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    try {
      return MAPPER.readTree(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("global value is not writable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads the manifest in {@code file}. */
  public static Manifest read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a manifest from {@code in}; {@code source} names it in errors. */
  public static Manifest read(InputStream in, String source) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ManifestException(source, "$", "malformed JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + source + ": " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode)) {
      throw new ManifestException(source, "$", "a manifest is a JSON object", null);
    }
    JsonNode version = tree.get("manifestVersion");
    if (version == null) {
      throw new ManifestException(source, "$.manifestVersion", "missing field 'manifestVersion'", null);
    }
    if (!version.isInt() || version.intValue() != Manifest.VERSION) {
      throw new ManifestException(source, "$.manifestVersion", "unknown manifestVersion " + version
          + "; this Manta reads version " + Manifest.VERSION + " (rebuild the project with this Manta version)", null);
    }
    addOptionalFields((ObjectNode) tree);
    removeRetiredFields((ObjectNode) tree);
    try {
      return MAPPER.treeToValue(tree, Manifest.class);
    } catch (JsonMappingException e) {
      String path = jsonPath(e);
      throw new ManifestException(source, path, describe(e, at(tree, path)), e);
    } catch (JsonProcessingException e) {
      throw new ManifestException(source, "$", e.getOriginalMessage(), e);
    }
  }

  /**
   * Fields added to version 1 after its first release, which older manifests lack and which are
   * written only when not empty: a task's {@code labels}. Every other field stays required.
   */
  private static void addOptionalFields(ObjectNode manifest) {
    JsonNode tasks = manifest.get("tasks");
    if (tasks != null && tasks.isArray()) {
      for (JsonNode task : tasks) {
        if (task instanceof ObjectNode t && !t.has("labels")) {
          t.putArray("labels");
        }
      }
    }
  }

  /**
   * Fields version 1 had at first and no longer has, dropped before reading so that manifests
   * written by an earlier processor still read: a module's {@code launcher} (the generated
   * {@code <Task>_MantaLauncher} class, replaced by the fixed {@code dev.manta.spi.Launchers}).
   */
  private static void removeRetiredFields(ObjectNode manifest) {
    JsonNode modules = manifest.get("modules");
    if (modules != null && modules.isArray()) {
      for (JsonNode module : modules) {
        if (module instanceof ObjectNode m) {
          m.remove("launcher");
        }
      }
    }
  }

  private static String describe(JsonMappingException e, JsonNode found) {
    String message = e.getOriginalMessage();
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException && message.startsWith("Missing creator property")) {
      int start = message.indexOf('\'');
      int end = message.indexOf('\'', start + 1);
      return "missing field '" + message.substring(start + 1, end) + "'";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    Throwable root = rootCause(e);
    if (root instanceof NullPointerException && root.getMessage() != null) {
      return "field '" + root.getMessage() + "' must not be null";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
      return "expected " + expected(m.getTargetType()) + ", found " + shown(found);
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** What a value of {@code type} looks like in JSON, in words. */
  private static String expected(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(", "));
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  /** A JSON value in a message: short values as written, containers by kind. */
  private static String shown(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  /** The node at a {@code $.a[0].b} path, or {@code null}. */
  private static JsonNode at(JsonNode tree, String path) {
    JsonNode node = tree;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(path);
    while (node != null && m.find()) {
      node = m.group(1) != null ? node.get(m.group(1)) : node.get(Integer.parseInt(m.group(2)));
    }
    return node;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    // The field at fault when Jackson's path stops at the object holding it: a missing property,
    // or a record constructor rejecting a null.
    String field = null;
    String message = e.getOriginalMessage();
    if (message.startsWith("Missing creator property")) {
      int start = message.indexOf('\'');
      int end = message.indexOf('\'', start + 1);
      field = message.substring(start + 1, end);
    } else if (rootCause(e) instanceof NullPointerException npe && npe.getMessage() != null
        && npe.getMessage().matches("[A-Za-z]+")) {
      field = npe.getMessage();
    }
    if (field != null && !path.toString().endsWith("." + field)) {
      path.append('.').append(field);
    }
    return path.toString();
  }
}
