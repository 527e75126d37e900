package dev.manta.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.dsl.SwarmDefinition;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.Json;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.manifest.ManifestException;
import dev.manta.graph.SwarmGraph;
import dev.manta.spi.SwarmIndex;
import dev.manta.spi.SwarmSource;
import dev.manta.validation.GraphValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The swarms and modules on a class path, from every {@code META-INF/manta/index.json} (the
 * annotation processor writes one per compiled project; all are merged):
 * <pre>{@code
 * {"indexVersion": 2,
 *  "swarms": {"<name>": {"manifest": "META-INF/manta/swarms/<name>.json",
 *                        "class": "<SwarmSource class>", "source": "..."}},
 *  "modules": {"<binary name>": {"name": "...", "descriptor": {<module descriptor>}}},
 *  "definitions": ["<class extending SwarmDefinition>"]}
 * }</pre>
 * An index of version 1 (an earlier processor's) is refused with an error that says to recompile
 * the project holding it.
 */
public final class SwarmCatalog {
  /** Where the index lives in every jar or classes folder. */
  public static final String INDEX = SwarmIndex.PATH;

  /** A swarm listed in an index. */
  public record SwarmEntry(String name, String manifest, String generatedClass, String sourceClass, String origin) {}

  /** A module listed in an index. */
  public record ModuleEntry(String entryClass, String name, String origin) {}

  private final ClassLoader loader;
  private final Map<String, SwarmEntry> swarms;
  private final Map<String, ModuleEntry> modules;
  private final List<String> definitions;
  private final Map<String, SwarmSource> services;
  private Map<String, String> definitionsByName;

  private SwarmCatalog(ClassLoader loader, Map<String, SwarmEntry> swarms, Map<String, ModuleEntry> modules,
      List<String> definitions, Map<String, SwarmSource> services) {
    this.loader = loader;
    this.swarms = Collections.unmodifiableMap(swarms);
    this.modules = Collections.unmodifiableMap(modules);
    this.definitions = List.copyOf(definitions);
    this.services = Collections.unmodifiableMap(services);
  }

  /** The catalog of the context class loader. */
  public static SwarmCatalog load() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return load(context != null ? context : SwarmCatalog.class.getClassLoader());
  }

  /** Merges every index {@code loader} sees; the same swarm listed differently twice is an error. */
  public static SwarmCatalog load(ClassLoader loader) {
    Map<String, SwarmEntry> swarms = new TreeMap<>();
    Map<String, ModuleEntry> modules = new TreeMap<>();
    List<String> definitions = new ArrayList<>();
    try {
      Enumeration<URL> urls = loader.getResources(INDEX);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        SwarmIndex index;
        String origin = url.toString();
        try (InputStream in = url.openStream()) {
          index = SwarmIndex.fromJson(Json.mapper().readTree(in), origin);
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + url + ": " + e.getMessage()
              + "; rebuild the project so the annotation processor writes it again", e);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        index.swarms().forEach((name, s) -> {
          SwarmEntry entry = new SwarmEntry(name, s.manifest(), s.generatedClass(), s.source(), origin);
          SwarmEntry before = swarms.putIfAbsent(name, entry);
          if (before != null && !before.generatedClass().equals(entry.generatedClass())) {
            throw new IllegalStateException("swarm '" + name + "' is declared twice on the class path: by "
                + before.generatedClass() + " (" + before.origin() + ") and by " + entry.generatedClass() + " ("
                + origin + "); rename one of them");
          }
        });
        index.modules().forEach((entryClass, m) ->
            modules.putIfAbsent(entryClass, new ModuleEntry(entryClass, m.name(), origin)));
        index.definitions().forEach(d -> {
          if (!definitions.contains(d)) {
            definitions.add(d);
          }
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + INDEX + " resources: " + e.getMessage(), e);
    }
    return new SwarmCatalog(loader, swarms, modules, definitions, services(loader, swarms));
  }

  /**
   * The {@link SwarmSource}s registered in {@code META-INF/services/dev.manta.spi.SwarmSource} (how a
   * swarm built with {@code Swarms.define} is found), by name; generated classes already indexed are
   * skipped.
   */
  private static Map<String, SwarmSource> services(ClassLoader loader, Map<String, SwarmEntry> indexed) {
    Map<String, SwarmSource> out = new TreeMap<>();
    Iterator<SwarmSource> it = ServiceLoader.load(SwarmSource.class, loader).iterator();
    while (true) {
      SwarmSource source;
      try {
        if (!it.hasNext()) {
          break;
        }
        source = it.next();
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("a class listed in META-INF/services/" + SwarmSource.class.getName()
            + " cannot be loaded: " + e.getMessage() + "; it must be a public class implementing SwarmSource with a"
            + " public no-arg constructor", e);
      }
      String type = source.getClass().getName();
      String name;
      try {
        name = source.name();
      } catch (RuntimeException e) {
        throw new IllegalStateException("SwarmSource " + type + ": name() threw " + e, e);
      }
      SwarmEntry entry = indexed.get(name);
      if (entry != null && entry.generatedClass().equals(type)) {
        continue;
      }
      SwarmSource before = out.putIfAbsent(name, source);
      String other = entry != null ? entry.generatedClass() : before != null ? before.getClass().getName() : null;
      if (other != null && !other.equals(type)) {
        throw new IllegalStateException("swarm '" + name + "' is declared twice on the class path: by " + other
            + " and by " + type + " (META-INF/services/" + SwarmSource.class.getName() + "); rename one of them");
      }
    }
    return out;
  }

  /** Every swarm name: the indexed swarms, the registered {@link SwarmSource}s and the listed definitions, sorted. */
  public synchronized SortedSet<String> names() {
    SortedSet<String> out = new TreeSet<>(swarms.keySet());
    out.addAll(services.keySet());
    out.addAll(definitionsByName().keySet());
    return Collections.unmodifiableSortedSet(out);
  }

  public Map<String, SwarmEntry> swarms() {
    return swarms;
  }

  public Map<String, ModuleEntry> modules() {
    return modules;
  }

  /** Classes extending {@link SwarmDefinition} listed in the indexes. */
  public List<String> definitions() {
    return definitions;
  }

  /**
   * The swarm called {@code name}: its generated class, or a listed definition of that name.
   *
   * @throws UnknownSwarmException naming the known swarms
   */
  public SwarmSource source(String name) {
    return source(name, Map.of());
  }

  /**
   * The swarm called {@code name}, with launch-time globals: a listed definition builds its graph
   * with them ({@link SwarmDefinition#prepareGraph(Map)}, so they may change its shape), and so does
   * a registered {@link SwarmSource} ({@link SwarmSource#launchGraph(Map)}); for a generated class they
   * are ignored here and passed to the run as usual.
   *
   * <p>An annotated swarm's graph is the one its manifest on the class path describes (what the
   * annotation processor wrote, or someone edited since): the manifest is read with
   * {@link ManifestCodec}, whose error names the resource and the JSON path; the generated class
   * still evaluates the computed globals and gives their declared Java types.
   *
   * @throws UnknownSwarmException naming the known swarms
   * @throws ManifestException if the manifest is not a readable manifest
   * @throws IllegalArgumentException if a definition is given globals it does not declare
   */
  public synchronized SwarmSource source(String name, Map<String, ?> globals) {
    Objects.requireNonNull(name, "name");
    Map<String, Object> overrides = Map.copyOf(globals);
    SwarmEntry entry = swarms.get(name);
    if (entry != null) {
      Object o = instantiate(entry.generatedClass(), "swarm '" + name + "' (" + entry.origin() + ")");
      if (!(o instanceof SwarmSource s)) {
        throw new IllegalStateException(entry.generatedClass() + " does not implement " + SwarmSource.class.getName()
            + "; rebuild the project");
      }
      return fromManifest(entry, s);
    }
    SwarmSource service = services.get(name);
    if (service != null) {
      if (!overrides.isEmpty()) {
        requireDeclared(name, service.launchGraph(Map.of()), overrides);
      }
      return new SwarmSource() {
        @Override
        public String name() {
          return service.name();
        }

        @Override
        public SwarmGraph graph() {
          return service.launchGraph(overrides);
        }

        @Override
        public Map<String, Object> computeGlobals() {
          return service.computeGlobals();
        }
      };
    }
    String definition = definitionsByName().get(name);
    if (definition != null) {
      requireDeclared(name, ((SwarmDefinition) instantiate(definition, "swarm definition " + definition))
          .prepareGraph(Map.of()), overrides);
      SwarmDefinition d = (SwarmDefinition) instantiate(definition, "swarm definition " + definition);
      return new SwarmSource() {
        @Override
        public String name() {
          return d.name();
        }

        @Override
        public SwarmGraph graph() {
          return d.prepareGraph(overrides);
        }

        @Override
        public Map<String, Object> computeGlobals() {
          return Map.of();
        }
      };
    }
    List<String> known = new ArrayList<>(names());
    throw new UnknownSwarmException(name, known, GraphValidator.closest(name, known).orElse(null));
  }

  /** Launch globals a definition does not declare would silently become constants: refuse them, all at once. */
  private static void requireDeclared(String swarm, SwarmGraph declared, Map<String, Object> overrides) {
    List<String> names = declared.globals().stream().map(g -> g.name()).sorted().toList();
    List<String> unknown = overrides.keySet().stream().filter(n -> !names.contains(n)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("swarm '" + swarm + "' declares no global " + String.join(", ", unknown)
          + " (declared: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")"
          + unknown.stream().map(u -> GraphValidator.closest(u, names).map(c -> "; did you mean '" + c + "' for '" + u
              + "'?").orElse("")).collect(java.util.stream.Collectors.joining()));
    }
  }

  /** The generated swarm, with the graph its manifest on the class path describes. */
  private SwarmSource fromManifest(SwarmEntry entry, SwarmSource generated) {
    URL url = loader.getResource(entry.manifest());
    if (url == null) {
      throw new IllegalStateException("swarm '" + entry.name() + "': its manifest " + entry.manifest() + ", listed in "
          + entry.origin() + ", is not on the class path; rebuild the project");
    }
    Manifest manifest;
    try (InputStream in = url.openStream()) {
      manifest = ManifestCodec.read(in, url.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + url + ": " + e.getMessage(), e);
    }
    if (!manifest.swarm().equals(entry.name())) {
      throw new ManifestException(url.toString(), "$.swarm", "names swarm '" + manifest.swarm() + "', but the index "
          + entry.origin() + " lists it as swarm '" + entry.name() + "'; rebuild the project", null);
    }
    return new SwarmSource() {
      @Override
      public String name() {
        return entry.name();
      }

      @Override
      public SwarmGraph graph() {
        SwarmGraph g = manifest.toGraph();
        SwarmGraph declared = generated.graph();
        List<GlobalSpec> globals = g.globals().stream().map(spec -> declared.global(spec.name())
            .map(d -> new GlobalSpec(spec.name(), d.javaType(), spec.value(), spec.computed(), spec.problem()))
            .orElse(spec)).toList();
        return new SwarmGraph(g.name(), g.sourceClass(), g.maxIterations(), g.modules(), g.tasks(), g.networks(),
            globals, g.sinks());
      }

      @Override
      public Map<String, Object> computeGlobals() {
        return generated.computeGlobals();
      }
    };
  }

  /** The graph of the swarm called {@code name}. */
  public SwarmGraph graph(String name) {
    return source(name).graph();
  }

  private Map<String, String> definitionsByName() {
    if (definitionsByName == null) {
      Map<String, String> byName = new TreeMap<>();
      for (String type : definitions) {
        SwarmDefinition d = (SwarmDefinition) instantiate(type, "swarm definition " + type);
        byName.putIfAbsent(d.name(), type);
      }
      definitionsByName = byName;
    }
    return definitionsByName;
  }

  private Object instantiate(String type, String what) {
    try {
      Class<?> c = Class.forName(type, true, loader);
      Constructor<?> ctor = c.getDeclaredConstructor();
      ctor.setAccessible(true);
      return ctor.newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(what + ": class " + type + " is not on the class path; rebuild the project", e);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(what + ": " + type + " needs a no-arg constructor", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(what + ": cannot create " + type + ": " + e, e);
    }
  }
}
