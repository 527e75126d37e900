package dev.manta.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The index the annotation processor writes to {@value #PATH} in every jar or classes folder, so
 * tools find swarms and modules without scanning: every swarm (name → manifest, generated class,
 * source interface), every module (task class → module name and its module descriptor, inline) and
 * every {@code SwarmDefinition} class. Immutable and sorted, so it is written the same way every time.
 *
 * <p>Version 2 holds each module's descriptor (see {@code dev.manta.dsl.ModuleCatalog}) in its entry;
 * version 1, written by processors before 2026-12-06, named a separate
 * {@code META-INF/manta/modules/<class>.json} resource instead. A version-1 index is refused with an
 * error that says to recompile the project that holds it.
 *
 * @param swarms swarms by name
 * @param modules modules by task class (binary name)
 * @param definitions classes extending {@code SwarmDefinition}
 */
public record SwarmIndex(SortedMap<String, SwarmEntry> swarms, SortedMap<String, ModuleEntry> modules,
    SortedSet<String> definitions) {

  /** Where the index lives. */
  public static final String PATH = "META-INF/manta/index.json";

  /** The format version written in {@code indexVersion}. */
  public static final int VERSION = 2;

  /** An empty index. */
  public static final SwarmIndex EMPTY = new SwarmIndex(new TreeMap<>(), new TreeMap<>(), new TreeSet<>());

  /**
   * A swarm declared by an annotated interface.
   *
   * @param manifest the manifest's resource path
   * @param generatedClass the generated {@link SwarmSource} class
   * @param source the {@code @Swarm} interface
   */
  public record SwarmEntry(String manifest, String generatedClass, String source) {
    public SwarmEntry {
      Objects.requireNonNull(manifest, "manifest");
      Objects.requireNonNull(generatedClass, "generatedClass");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * A {@code @Task} class.
   *
   * @param name the module's name
   * @param descriptor the module descriptor (a JSON object: packaging and, under {@code "defaults"},
   *     the class's explicit scheduling attributes); a copy is kept, and {@link #descriptor()} returns one
   */
  public record ModuleEntry(String name, ObjectNode descriptor) {
    public ModuleEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(descriptor, "descriptor");
      descriptor = descriptor.deepCopy();
    }

    @Override
    public ObjectNode descriptor() {
      return descriptor.deepCopy();
    }
  }

  public SwarmIndex {
    swarms = Collections.unmodifiableSortedMap(new TreeMap<>(swarms));
    modules = Collections.unmodifiableSortedMap(new TreeMap<>(modules));
    definitions = Collections.unmodifiableSortedSet(new TreeSet<>(definitions));
  }

  public boolean isEmpty() {
    return swarms.isEmpty() && modules.isEmpty() && definitions.isEmpty();
  }

  /**
   * Reads an index. Fields it does not know are ignored.
   *
   * @throws IllegalArgumentException naming {@code origin} when it is not an index this version reads
   */
  public static SwarmIndex fromJson(JsonNode node, String origin) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(origin + ": not a Manta index (expected a JSON object)");
    }
    checkVersion(node, origin);
    SortedMap<String, SwarmEntry> swarms = new TreeMap<>();
    node.path("swarms").properties().forEach(e -> swarms.put(e.getKey(), new SwarmEntry(
        text(e.getValue(), "manifest", origin), text(e.getValue(), "class", origin),
        text(e.getValue(), "source", origin))));
    SortedMap<String, ModuleEntry> modules = new TreeMap<>();
    node.path("modules").properties().forEach(e -> modules.put(e.getKey(), new ModuleEntry(
        text(e.getValue(), "name", origin), object(e.getValue(), "descriptor", origin))));
    SortedSet<String> definitions = new TreeSet<>();
    node.path("definitions").forEach(d -> definitions.add(d.asText()));
    return new SwarmIndex(swarms, modules, definitions);
  }

  /**
   * Refuses a node whose {@code indexVersion} is not {@link #VERSION}; a version-1 index (module
   * descriptors in separate resources) is named as written by an earlier processor.
   *
   * @throws IllegalArgumentException naming {@code origin} and saying to recompile
   */
  public static void checkVersion(JsonNode node, String origin) {
    int version = node.path("indexVersion").asInt(-1);
    if (version == 1) {
      throw new IllegalArgumentException(origin + ": indexVersion 1 was written by an earlier Manta annotation "
          + "processor (module descriptors in META-INF/manta/modules/); this Manta reads version " + VERSION
          + "; recompile that project (a clean build) with this Manta version");
    }
    if (version != VERSION) {
      throw new IllegalArgumentException(origin + ": indexVersion " + node.path("indexVersion")
          + " is not " + VERSION + "; rebuild that project with this Manta version");
    }
  }

  private static ObjectNode object(JsonNode entry, String field, String origin) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException(origin + ": an index entry lacks '" + field
          + "' (an object); rebuild the project so the annotation processor writes the index again");
    }
    return (ObjectNode) value;
  }

  private static String text(JsonNode entry, String field, String origin) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(origin + ": an index entry lacks '" + field
          + "'; rebuild the project so the annotation processor writes the index again");
    }
    return value.asText();
  }

  /** The index as JSON, keys sorted. */
  public ObjectNode toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("indexVersion", VERSION);
    ObjectNode swarmsNode = root.putObject("swarms");
    swarms.forEach((name, s) -> swarmsNode.putObject(name).put("manifest", s.manifest())
        .put("class", s.generatedClass()).put("source", s.source()));
    ObjectNode modulesNode = root.putObject("modules");
    modules.forEach((name, m) -> modulesNode.putObject(name).put("name", m.name())
        .set("descriptor", m.descriptor()));
    ArrayNode definitionsNode = root.putArray("definitions");
    definitions.forEach(definitionsNode::add);
    return root;
  }
}
