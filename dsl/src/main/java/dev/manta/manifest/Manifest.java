package dev.manta.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.Method;
import dev.manta.graph.Edge;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.validation.GraphValidator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The manifest of one swarm: what {@code META-INF/manta/swarms/<name>.json} holds. Version
 * {@value #VERSION}; {@code docs/manifest.schema.json} is its JSON Schema.
 *
 * @param manifestVersion always {@value #VERSION} for this format
 * @param swarm the swarm's name
 * @param sourceClass the class that declared it, or empty
 * @param maxIterations the bound on iterations
 * @param modules modules by name
 * @param tasks tasks in declaration order
 * @param networks networks in declaration order
 * @param globals constant globals, by name
 * @param computedGlobals names of globals evaluated at launch
 * @param sinks where the flow ends
 * @param order the aliases in topological order
 */
@JsonPropertyOrder({"manifestVersion", "swarm", "sourceClass", "maxIterations", "modules", "tasks", "networks",
    "globals", "computedGlobals", "sinks", "order"})
public record Manifest(
    int manifestVersion,
    String swarm,
    String sourceClass,
    int maxIterations,
    List<Module> modules,
    List<TaskEntry> tasks,
    List<NetworkEntry> networks,
    Map<String, JsonNode> globals,
    List<String> computedGlobals,
    List<String> sinks,
    List<String> order) {

  /** Constant globals by name; each value is a copy, so changing it changes no manifest. */
  @Override
  public Map<String, JsonNode> globals() {
    Map<String, JsonNode> copy = new TreeMap<>();
    globals.forEach((name, value) -> copy.put(name, value.deepCopy()));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  public Manifest {
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(sourceClass, "sourceClass");
    modules = List.copyOf(modules);
    tasks = List.copyOf(tasks);
    networks = List.copyOf(networks);
    Map<String, JsonNode> sorted = new TreeMap<>();
    globals.forEach((name, value) -> sorted.put(name, ManifestCodec.canonical(value)));
    globals = java.util.Collections.unmodifiableMap(sorted);
    computedGlobals = List.copyOf(computedGlobals);
    sinks = List.copyOf(sinks);
    order = List.copyOf(order);
  }

  /**
   * The manifest of a valid graph.
   *
   * @throws dev.manta.validation.SwarmValidationException if the graph has errors
   */
  public static Manifest of(SwarmGraph graph) {
    GraphValidator.requireValid(graph);
    Map<String, JsonNode> constants = new TreeMap<>();
    List<String> computed = new java.util.ArrayList<>();
    for (GlobalSpec g : graph.globals()) {
      if (g.computed()) {
        computed.add(g.name());
      } else {
        constants.put(g.name(), g.value());
      }
    }
    return new Manifest(VERSION, graph.name(), graph.sourceClass(), graph.maxIterations(),
        graph.modules().stream().map(Module::of).toList(),
        graph.tasks().stream().map(TaskEntry::of).toList(),
        graph.networks().stream().map(n -> new NetworkEntry(n.name(), n.driver())).toList(),
        constants, computed, graph.sinks(), graph.topologicalOrder());
  }

  /** The graph this manifest describes; computed globals are declared without a value. */
  public SwarmGraph toGraph() {
    SwarmGraph.Builder b = SwarmGraph.builder(swarm).sourceClass(sourceClass).maxIterations(maxIterations);
    modules.forEach(m -> b.module(m.toSpec()));
    tasks.forEach(t -> b.task(t.toSpec()));
    networks.forEach(n -> b.network(new NetworkSpec(n.name(), n.driver())));
    globals().forEach((name, value) -> b.global(GlobalSpec.constant(name, "json", value)));
    computedGlobals.forEach(name -> b.global(GlobalSpec.computed(name, "json")));
    return b.sinks(sinks).build();
  }

  /**
   * A module: code and packaging. Its image starts {@code dev.manta.spi.Launchers <entryClass>}; the
   * {@code launcher} field that manifests written before that carry is read and dropped.
   */
  @JsonPropertyOrder({"name", "entryClass", "image", "datasets", "resources", "gpu"})
  public record Module(String name, String entryClass, String image, List<String> datasets,
      Resources resources, boolean gpu) {
    public Module {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(entryClass, "entryClass");
      Objects.requireNonNull(image, "image");
      datasets = List.copyOf(datasets);
      Objects.requireNonNull(resources, "resources");
    }

    static Module of(ModuleSpec m) {
      return new Module(m.name(), m.entryClass(), m.image(), m.datasets(),
          new Resources(m.resources().cpu(), m.resources().memory()), m.gpu());
    }

    ModuleSpec toSpec() {
      return new ModuleSpec(name, entryClass, image, datasets, new ResourceSpec(resources.cpu(), resources.memory()), gpu);
    }
  }

  /** Per-instance reservation. */
  @JsonPropertyOrder({"cpu", "memory"})
  public record Resources(double cpu, String memory) {
    public Resources {
      Objects.requireNonNull(memory, "memory");
    }
  }

  /**
   * A task; {@code maximum}, {@code fraction} and {@code timeout} are {@code null} where not set.
   * {@code labels} is left out of the JSON when empty, so manifests of tasks without labels read and
   * write as before the field existed.
   */
  @JsonPropertyOrder({"alias", "module", "method", "maximum", "fraction", "fixed", "specifiedIds", "exceptedIds",
      "network", "gpu", "upstream", "timeout", "labels"})
  public record TaskEntry(String alias, String module, Method method, Integer maximum, Double fraction, boolean fixed,
      List<String> specifiedIds, List<String> exceptedIds, String network, boolean gpu, List<Upstream> upstream,
      String timeout,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
      List<String> labels) {
    public TaskEntry {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(method, "method");
      specifiedIds = List.copyOf(specifiedIds);
      exceptedIds = List.copyOf(exceptedIds);
      Objects.requireNonNull(network, "network");
      upstream = List.copyOf(upstream);
      labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A task entry without labels. */
    public TaskEntry(String alias, String module, Method method, Integer maximum, Double fraction, boolean fixed,
        List<String> specifiedIds, List<String> exceptedIds, String network, boolean gpu, List<Upstream> upstream,
        String timeout) {
      this(alias, module, method, maximum, fraction, fixed, specifiedIds, exceptedIds, network, gpu, upstream, timeout,
          List.of());
    }

    static TaskEntry of(TaskSpec t) {
      return new TaskEntry(t.alias(), t.module(), t.method(), t.maximum(), t.fraction(), t.fixed(),
          t.specifiedIds(), t.exceptedIds(), t.network(), t.gpu(),
          t.upstream().stream().map(e -> new Upstream(e.from(), e.condition())).toList(), t.timeout(), t.labels());
    }

    TaskSpec toSpec() {
      return new TaskSpec(alias, module, method, maximum, fraction, fixed, specifiedIds, exceptedIds, network, gpu,
          upstream.stream().map(u -> new Edge(u.from(), u.condition())).toList(), timeout, labels);
    }
  }

  /** An edge into a task. */
  @JsonPropertyOrder({"from", "condition"})
  public record Upstream(String from, Condition condition) {
    public Upstream {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(condition, "condition");
    }
  }

  /** A declared network. */
  @JsonPropertyOrder({"name", "driver"})
  public record NetworkEntry(String name, Driver driver) {
    public NetworkEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(driver, "driver");
    }
  }
}
