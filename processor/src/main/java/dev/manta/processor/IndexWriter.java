package dev.manta.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/manta/index.json}: every swarm (name → manifest, generated class,
 * source interface), every module (task class → module name, launcher, descriptor) and every
 * {@code SwarmDefinition} class, so tools find them on the class path without scanning. When only
 * some sources are compiled, the entries of the previous index are kept as long as their source
 * class still declares them.
 */
final class IndexWriter {
  static final String PATH = "META-INF/manta/index.json";
  static final int VERSION = 1;

  /** A swarm declared by an annotated interface. */
  record SwarmEntry(String manifest, String generatedClass, String source) {}

  /** A {@code @Task} class. */
  record ModuleEntry(String name, String launcher, String descriptor) {}

  /** Says whether an entry of an earlier index is still declared by its source. */
  interface Liveness {
    boolean swarm(String name, String source);

    boolean module(String taskClass);

    boolean definition(String className);
  }

  /** The index content: sorted, so it is written the same way every time. */
  record Index(SortedMap<String, SwarmEntry> swarms, SortedMap<String, ModuleEntry> modules,
      SortedSet<String> definitions) {
    Index() {
      this(new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
    }

    boolean isEmpty() {
      return swarms.isEmpty() && modules.isEmpty() && definitions.isEmpty();
    }

    /** Reads an index; entries it cannot read are left out. */
    static Index fromJson(JsonNode node) {
      Index index = new Index();
      node.path("swarms").properties().forEach(e -> index.swarms.put(e.getKey(), new SwarmEntry(
          e.getValue().path("manifest").asText(), e.getValue().path("class").asText(),
          e.getValue().path("source").asText())));
      node.path("modules").properties().forEach(e -> index.modules.put(e.getKey(), new ModuleEntry(
          e.getValue().path("name").asText(), e.getValue().path("launcher").asText(),
          e.getValue().path("descriptor").asText())));
      node.path("definitions").forEach(d -> index.definitions.add(d.asText()));
      return index;
    }

    ObjectNode toJson() {
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("indexVersion", VERSION);
      ObjectNode swarmsNode = root.putObject("swarms");
      swarms.forEach((name, s) -> swarmsNode.putObject(name).put("manifest", s.manifest())
          .put("class", s.generatedClass()).put("source", s.source()));
      ObjectNode modulesNode = root.putObject("modules");
      modules.forEach((name, m) -> modulesNode.putObject(name).put("name", m.name())
          .put("launcher", m.launcher()).put("descriptor", m.descriptor()));
      ArrayNode definitionsNode = root.putArray("definitions");
      definitions.forEach(definitionsNode::add);
      return root;
    }
  }

  private final Index fresh = new Index();

  void swarm(String name, String generatedClass, String source) {
    fresh.swarms.put(name, new SwarmEntry(ManifestWriter.manifestPath(name), generatedClass, source));
  }

  void module(ModuleSpec module) {
    fresh.modules.put(module.entryClass(), new ModuleEntry(module.name(), module.launcherClass(),
        ManifestWriter.descriptorPath(module.entryClass())));
  }

  void definition(String className) {
    fresh.definitions.add(className);
  }

  /** The earlier entries still declared, overwritten by this compilation's. */
  static Index merge(Index earlier, Index fresh, Liveness live) {
    Index out = new Index();
    earlier.swarms.forEach((name, s) -> {
      if (live.swarm(name, s.source()) && fresh.swarms.values().stream().noneMatch(f -> f.source().equals(s.source()))) {
        out.swarms.put(name, s);
      }
    });
    earlier.modules.forEach((name, m) -> {
      if (live.module(name)) {
        out.modules.put(name, m);
      }
    });
    earlier.definitions.stream().filter(live::definition).forEach(out.definitions::add);
    out.swarms.putAll(fresh.swarms);
    out.modules.putAll(fresh.modules);
    out.definitions.addAll(fresh.definitions);
    return out;
  }

  /** Merges with the index already in the class output (if any) and writes it; nothing when both are empty. */
  void write(Filer filer, Liveness live) throws IOException {
    Index earlier = new Index();
    boolean existed = false;
    try {
      FileObject old = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      try (InputStream in = old.openInputStream()) {
        JsonNode tree = Json.mapper().readTree(in);
        if (tree != null && tree.isObject()) {
          earlier = Index.fromJson(tree);
          existed = true;
        }
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // No earlier index (a clean build), or one we cannot read: write this compilation's.
    }
    Index merged = merge(earlier, fresh, live);
    if (merged.isEmpty() && !existed) {
      return;
    }
    String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(merged.toJson()) + "\n";
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (OutputStream out = file.openOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** This compilation's entries so far. */
  Map<String, SwarmEntry> swarms() {
    return java.util.Collections.unmodifiableMap(fresh.swarms);
  }
}
