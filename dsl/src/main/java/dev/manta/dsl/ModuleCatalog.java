package dev.manta.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the module defaults of a task class. {@code @Task} has class retention, so the annotation
 * processor writes each task class's defaults to {@code META-INF/manta/modules/<binary name>.json};
 * a class without that file gets every default.
 */
public final class ModuleCatalog {
  /** Where the processor writes module descriptors. */
  public static final String RESOURCE_PREFIX = "META-INF/manta/modules/";

  private ModuleCatalog() {}

  /** The module of {@code type}: from its descriptor when there is one, else all defaults. */
  public static ModuleSpec lookup(Class<?> type) {
    String resource = RESOURCE_PREFIX + type.getName() + ".json";
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return ModuleSpec.of(type.getName());
      }
      return fromJson(Json.mapper().readTree(in), type.getName());
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

  /** The descriptor the processor writes for {@code module}. */
  public static JsonNode toJson(ModuleSpec module) {
    return Json.toTree(module);
  }
}
