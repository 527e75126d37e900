package dev.manta.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.Method;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.net.URL;
import dev.manta.spi.SwarmIndex;

/**
 * Finds the module and task defaults of a task class. {@code @Task} has class retention, so the
 * annotation processor writes each task class's settings, its module descriptor, into the index
 * {@code META-INF/manta/index.json} of its compilation ({@link SwarmIndex}, under
 * {@code "modules"."<binary name>"."descriptor"}): its module (packaging) and, under
 * {@code "defaults"}, the scheduling attributes the class sets explicitly. A class no index on its
 * class loader lists gets every default.
 */
public final class ModuleCatalog {
  /** The indexes each class loader sees, read once per loader: resource URL → its JSON. */
  private static final Map<ClassLoader, List<Map.Entry<String, JsonNode>>> INDEXES = new WeakHashMap<>();

  /** The descriptor field holding a class's explicitly set scheduling attributes. */
  public static final String DEFAULTS = "defaults";

  private ModuleCatalog() {}

  /** The module of {@code type}: from its descriptor when there is one, else all defaults. */
  public static ModuleSpec lookup(Class<?> type) {
    return descriptor(type).map(node -> fromJson(node, type.getName())).orElseGet(() -> ModuleSpec.of(type.getName()));
  }

  /** The task defaults of {@code type}: from its descriptor when there is one, else {@link TaskDefaults#NONE}. */
  public static TaskDefaults defaults(Class<?> type) {
    return descriptor(type).map(node -> defaultsFromJson(node, type.getName())).orElse(TaskDefaults.NONE);
  }

  private static Optional<JsonNode> descriptor(Class<?> type) {
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    return descriptor(type.getName(), loader);
  }

  /**
   * The module descriptor of the task class {@code binaryName} from the first index on
   * {@code loader} that lists it, if any. Each loader's indexes are read once.
   *
   * @throws IllegalArgumentException when the index listing the class is not one this version reads
   *     (a version-1 index, written by an earlier processor: the message says to recompile)
   * @throws UncheckedIOException when an index cannot be read
   */
  public static Optional<JsonNode> descriptor(String binaryName, ClassLoader loader) {
    for (Map.Entry<String, JsonNode> index : indexes(loader)) {
      JsonNode entry = index.getValue().path("modules").path(binaryName);
      if (entry.isMissingNode()) {
        continue;
      }
      SwarmIndex.checkVersion(index.getValue(), index.getKey());
      JsonNode descriptor = entry.path("descriptor");
      if (!descriptor.isObject()) {
        throw new IllegalArgumentException(index.getKey() + ": the module entry of " + binaryName
            + " lacks 'descriptor' (an object); rebuild the project so the annotation processor writes the index again");
      }
      return Optional.of(descriptor.deepCopy());
    }
    return Optional.empty();
  }

  private static List<Map.Entry<String, JsonNode>> indexes(ClassLoader loader) {
    synchronized (INDEXES) {
      List<Map.Entry<String, JsonNode>> known = INDEXES.get(loader);
      if (known != null) {
        return known;
      }
    }
    List<Map.Entry<String, JsonNode>> read = new ArrayList<>();
    try {
      Enumeration<URL> urls = loader.getResources(SwarmIndex.PATH);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        try (InputStream in = url.openStream()) {
          read.add(Map.entry(url.toString(), Json.mapper().readTree(in)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SwarmIndex.PATH + ": " + e.getMessage(), e);
    }
    List<Map.Entry<String, JsonNode>> out = List.copyOf(read);
    synchronized (INDEXES) {
      INDEXES.putIfAbsent(loader, out);
      return INDEXES.get(loader);
    }
  }

  /** Reads a module descriptor; fields it lacks take their defaults. */
  public static ModuleSpec fromJson(JsonNode node, String entryClass) {
    ModuleSpec d = ModuleSpec.of(entryClass);
    List<String> datasets = new ArrayList<>();
    node.path("datasets").forEach(n -> datasets.add(n.asText()));
    JsonNode res = node.path("resources");
    return new ModuleSpec(
        node.path("name").asText(d.name()),
        entryClass,
        node.path("image").asText(d.image()),
        node.has("datasets") ? datasets : d.datasets(),
        new ResourceSpec(res.path("cpu").asDouble(d.resources().cpu()),
            res.path("memory").asText(d.resources().memory())),
        node.path("gpu").asBoolean(d.gpu()));
  }

  /**
   * Reads the {@code "defaults"} object of a module descriptor; a descriptor without one (written
   * before task defaults were recorded, or for a class that sets none) gives {@link TaskDefaults#NONE}.
   *
   * @throws IllegalArgumentException when a default has the wrong JSON type or an unknown method
   */
  public static TaskDefaults defaultsFromJson(JsonNode node, String entryClass) {
    JsonNode d = node.path(DEFAULTS);
    if (d.isMissingNode() || d.isNull()) {
      return TaskDefaults.NONE;
    }
    Reader r = new Reader(d, entryClass);
    if (!d.isObject()) {
      throw r.bad(DEFAULTS, "an object");
    }
    return new TaskDefaults(r.method(), r.integer("maximum"), r.decimal("fraction"), r.bool("fixed"),
        r.strings("specifiedIds"), r.strings("exceptedIds"), r.text("network"), r.strings("labels"));
  }

  /** The descriptor the processor writes for {@code module}, without task defaults. */
  public static ObjectNode toJson(ModuleSpec module) {
    return toJson(module, TaskDefaults.NONE);
  }

  /**
   * The descriptor the processor writes for {@code module} and the class's {@code defaults}; the
   * {@code "defaults"} object lists only the attributes that are set, and is left out when none is.
   */
  public static ObjectNode toJson(ModuleSpec module, TaskDefaults defaults) {
    ObjectNode node = (ObjectNode) Json.toTree(module);
    if (defaults.isEmpty()) {
      return node;
    }
    ObjectNode d = node.putObject(DEFAULTS);
    if (defaults.method() != null) {
      d.put("method", defaults.method().name());
    }
    if (defaults.maximum() != null) {
      d.put("maximum", defaults.maximum());
    }
    if (defaults.fraction() != null) {
      d.put("fraction", defaults.fraction());
    }
    if (defaults.fixed() != null) {
      d.put("fixed", defaults.fixed());
    }
    if (defaults.specifiedIds() != null) {
      defaults.specifiedIds().forEach(d.putArray("specifiedIds")::add);
    }
    if (defaults.exceptedIds() != null) {
      defaults.exceptedIds().forEach(d.putArray("exceptedIds")::add);
    }
    if (defaults.network() != null) {
      d.put("network", defaults.network());
    }
    if (defaults.labels() != null) {
      defaults.labels().forEach(d.putArray("labels")::add);
    }
    return node;
  }

  /** Reads typed fields of a {@code "defaults"} object, failing with a message that names the field. */
  private record Reader(JsonNode node, String entryClass) {
    IllegalArgumentException bad(String field, String expected) {
      return new IllegalArgumentException("module descriptor of " + entryClass + " (" + SwarmIndex.PATH + "): '"
          + (field.equals(DEFAULTS) ? field : DEFAULTS + "." + field) + "' must be " + expected + ", not "
          + (field.equals(DEFAULTS) ? node : node.get(field)) + "; rebuild " + entryClass
          + " with the Manta annotation processor");
    }

    Method method() {
      String name = text("method");
      if (name == null) {
        return null;
      }
      try {
        return Method.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw bad("method", "one of " + Arrays.toString(Method.values()));
      }
    }

    Integer integer(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return null;
      }
      if (!v.isInt()) {
        throw bad(field, "an int");
      }
      return v.intValue();
    }

    Double decimal(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return null;
      }
      if (!v.isNumber()) {
        throw bad(field, "a number");
      }
      return v.doubleValue();
    }

    Boolean bool(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return null;
      }
      if (!v.isBoolean()) {
        throw bad(field, "true or false");
      }
      return v.booleanValue();
    }

    String text(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw bad(field, "a string");
      }
      return v.textValue();
    }

    List<String> strings(String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return null;
      }
      if (!v.isArray()) {
        throw bad(field, "an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : (ArrayNode) v) {
        if (!item.isTextual()) {
          throw bad(field, "an array of strings");
        }
        out.add(item.textValue());
      }
      return out;
    }
  }
}
