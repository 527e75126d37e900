package dev.manta.processor;

import dev.manta.dsl.ModuleCatalog;
import dev.manta.dsl.TaskDefaults;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.spi.SwarmIndex;
import dev.manta.spi.SwarmIndex.ModuleEntry;
import dev.manta.spi.SwarmIndex.SwarmEntry;
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
 * source interface), every module (task class → module name and its module descriptor, inline:
 * one resource per compilation rather than one per task class) and every
 * {@code SwarmDefinition} class, so tools find them on the class path without scanning. When only
 * some sources are compiled, the entries of the previous index are kept as long as their source
 * class still declares them.
 */
final class IndexWriter {
  static final String PATH = SwarmIndex.PATH;

  /** Says whether an entry of an earlier index is still declared by its source. */
  interface Liveness {
    boolean swarm(String name, String source);

    boolean module(String taskClass);

    boolean definition(String className);
  }

  private final SortedMap<String, SwarmEntry> swarms = new TreeMap<>();
  private final SortedMap<String, ModuleEntry> modules = new TreeMap<>();
  private final SortedSet<String> definitions = new TreeSet<>();

  void swarm(String name, String generatedClass, String source) {
    swarms.put(name, new SwarmEntry(ManifestWriter.manifestPath(name), generatedClass, source));
  }

  /** A task class's module and its descriptor: its packaging and explicitly set scheduling defaults. */
  void module(ModuleSpec module, TaskDefaults defaults) {
    modules.put(module.entryClass(), new ModuleEntry(module.name(), ModuleCatalog.toJson(module, defaults)));
  }

  void definition(String className) {
    definitions.add(className);
  }

  /** This compilation's entries so far. */
  SwarmIndex fresh() {
    return new SwarmIndex(swarms, modules, definitions);
  }

  /** The earlier entries still declared, overwritten by this compilation's. */
  static SwarmIndex merge(SwarmIndex earlier, SwarmIndex fresh, Liveness live) {
    SortedMap<String, SwarmEntry> outSwarms = new TreeMap<>();
    earlier.swarms().forEach((name, s) -> {
      if (live.swarm(name, s.source()) && fresh.swarms().values().stream().noneMatch(f -> f.source().equals(s.source()))) {
        outSwarms.put(name, s);
      }
    });
    SortedMap<String, ModuleEntry> outModules = new TreeMap<>();
    earlier.modules().forEach((name, m) -> {
      if (live.module(name)) {
        outModules.put(name, m);
      }
    });
    SortedSet<String> outDefinitions = new TreeSet<>();
    earlier.definitions().stream().filter(live::definition).forEach(outDefinitions::add);
    outSwarms.putAll(fresh.swarms());
    outModules.putAll(fresh.modules());
    outDefinitions.addAll(fresh.definitions());
    return new SwarmIndex(outSwarms, outModules, outDefinitions);
  }

  /** The index an earlier compilation left in the class output, if any and readable. */
  static java.util.Optional<SwarmIndex> earlier(Filer filer) {
    try {
      FileObject old = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      try (InputStream in = old.openInputStream()) {
        return java.util.Optional.of(SwarmIndex.fromJson(Json.mapper().readTree(in), PATH));
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return java.util.Optional.empty(); // no earlier index (a clean build), or one we cannot read
    }
  }

  /** The index found in the class output (empty if none) and the one now there. */
  record Written(SwarmIndex earlier, SwarmIndex merged) {}

  /**
   * Merges with the index already in the class output (if any) and writes it; nothing when both are
   * empty or nothing changed. Returns both, so the caller can remove the outputs of dropped entries.
   */
  Written write(Filer filer, Liveness live) throws IOException {
    java.util.Optional<SwarmIndex> old = earlier(filer);
    SwarmIndex earlier = old.orElse(SwarmIndex.EMPTY);
    SwarmIndex merged = merge(earlier, fresh(), live);
    if ((merged.isEmpty() && old.isEmpty()) || (old.isPresent() && merged.equals(earlier) && fresh().isEmpty())) {
      return new Written(earlier, merged);
    }
    String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(merged.toJson()) + "\n";
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (OutputStream out = file.openOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    return new Written(earlier, merged);
  }

  /** This compilation's swarms so far. */
  Map<String, SwarmEntry> swarms() {
    return java.util.Collections.unmodifiableMap(swarms);
  }
}
