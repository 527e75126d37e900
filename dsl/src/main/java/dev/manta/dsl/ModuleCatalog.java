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
import java.util.List;
import java.util.Optional;

/**
 * Finds the module and task defaults of a task class. {@code @Task} has class retention, so the
 * annotation processor writes each task class's settings to
 * {@code META-INF/manta/modules/<binary name>.json}: its module (packaging) and, under
 * {@code "defaults"}, the scheduling attributes the class sets explicitly. A class without that
 * file gets every default.
 */
public final class ModuleCatalog {
  /** Where the processor writes module descriptors. */
  public static final String RESOURCE_PREFIX = "META-INF/manta/modules/";

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
    String resource = RESOURCE_PREFIX + type.getName() + ".json";
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
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
  public static JsonNode toJson(ModuleSpec module) {
    return toJson(module, TaskDefaults.NONE);
  }

  /**
   * The descriptor the processor writes for {@code module} and the class's {@code defaults}; the
   * {@code "defaults"} object lists only the attributes that are set, and is left out when none is.
   */
  public static JsonNode toJson(ModuleSpec module, TaskDefaults defaults) {
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
      return new IllegalArgumentException("module descriptor " + RESOURCE_PREFIX + entryClass + ".json: '"
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
