package dev.manta.spi;

import dev.manta.graph.GlobalSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.manifest.ManifestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the classes the annotation processor generates ({@code Manta<Interface>}) call to build their
 * graph: it is read from the swarm's manifest, {@code META-INF/manta/swarms/<name>.json}, which the
 * processor wrote from the graph it validated, next to the generated class. A generated class holds
 * no graph of its own, only its swarm's name, the Java types of its computed globals and the code
 * that evaluates them.
 */
public final class GeneratedSwarms {
  /** Where the processor writes manifests, by swarm name. */
  public static final String MANIFESTS = "META-INF/manta/swarms/";

  private GeneratedSwarms() {}

  /**
   * The graph of swarm {@code name}, generated as {@code type}: its manifest's graph, the computed
   * globals with their Java types, and each launch-time value in {@code globalOverrides} as a
   * constant global (as {@code Swarms.define(name, globalOverrides, body)} makes it when the body
   * reads no global).
   *
   * @param computedGlobals the computed globals' names and Java types, in pairs: name, type, name, type…
   * @throws IllegalStateException if the manifest is not on the class path or declares other computed
   *     globals than the class (the class and the manifest come from different builds)
   * @throws ManifestException if the manifest cannot be read
   */
  public static SwarmGraph graph(Class<?> type, String name, Map<String, ?> globalOverrides,
      String... computedGlobals) {
    Map<String, String> javaTypes = new TreeMap<>();
    for (int i = 0; i + 1 < computedGlobals.length; i += 2) {
      javaTypes.put(computedGlobals[i], computedGlobals[i + 1]);
    }
    Manifest manifest = manifest(type, name);
    if (!manifest.computedGlobals().stream().sorted().toList().equals(List.copyOf(javaTypes.keySet()))) {
      throw new IllegalStateException("swarm '" + name + "': its manifest declares the computed globals "
          + manifest.computedGlobals() + ", but " + type.getName() + " evaluates " + javaTypes.keySet()
          + "; they come from different builds: rebuild the project");
    }
    SwarmGraph g = manifest.toGraph();
    Map<String, GlobalSpec> globals = new LinkedHashMap<>();
    g.globals().forEach(spec -> globals.put(spec.name(),
        spec.computed() ? GlobalSpec.computed(spec.name(), javaTypes.get(spec.name())) : spec));
    globalOverrides.forEach((global, value) -> globals.put(global, GlobalSpec.of(global, value)));
    return new SwarmGraph(g.name(), g.sourceClass(), g.maxIterations(), g.modules(), g.tasks(), g.networks(),
        List.copyOf(globals.values()), g.sinks());
  }

  /** The manifest of swarm {@code name}: the one beside {@code type}'s class file, else the first on its class path. */
  static Manifest manifest(Class<?> type, String name) {
    String path = MANIFESTS + name + ".json";
    ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
    URL url = besideClass(type, loader, path);
    if (url == null) {
      url = loader.getResource(path);
    }
    if (url == null) {
      throw new IllegalStateException("swarm '" + name + "': its manifest " + path + " is not on the class path of "
          + type.getName() + "; rebuild the project");
    }
    Manifest manifest;
    try (InputStream in = url.openStream()) {
      manifest = ManifestCodec.read(in, url.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + url + ": " + e.getMessage(), e);
    }
    if (!manifest.swarm().equals(name)) {
      throw new ManifestException(url.toString(), "$.swarm", "names swarm '" + manifest.swarm() + "', but "
          + type.getName() + " is generated for swarm '" + name + "'; rebuild the project", null);
    }
    return manifest;
  }

  /** {@code path} in the folder or jar {@code type} was loaded from, if it is there. */
  private static URL besideClass(Class<?> type, ClassLoader loader, String path) {
    String classFile = type.getName().replace('.', '/') + ".class";
    URL self = loader.getResource(classFile);
    if (self == null || !self.toString().endsWith(classFile)) {
      return null;
    }
    String root = self.toString().substring(0, self.toString().length() - classFile.length());
    try {
      URL url = URI.create(root + path).toURL();
      url.openStream().close();
      return url;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
