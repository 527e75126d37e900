package dev.manta.dsl;

import dev.manta.Driver;
import dev.manta.TaskBody;
import dev.manta.graph.Edge;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The receiver of a {@link Swarms#define} block: declares tasks, globals, networks and the flow.
 * Not thread-safe; use it only inside the block.
 */
public final class SwarmScope {
  private final String name;
  private final Map<String, Object> overrides;
  private final java.util.Set<String> read = new java.util.HashSet<>();
  private final SwarmGraph.Builder graph;
  private final List<TaskNode> nodes = new ArrayList<>();
  private final Map<TaskNode, TaskSpec> specs = new LinkedHashMap<>();
  private final Map<String, GlobalSpec> globals = new LinkedHashMap<>();
  private List<TaskNode> flow;

  SwarmScope(String name, Map<String, ?> overrides) {
    this.name = Objects.requireNonNull(name, "name");
    this.overrides = new LinkedHashMap<>(overrides);
    this.graph = SwarmGraph.builder(name);
  }

  /** The swarm's name. */
  public String name() {
    return name;
  }

  /**
   * Declares a task running {@code type} with its module and the scheduling defaults its
   * {@code @Task} sets; alias: the module's name.
   */
  public TaskNode task(Class<? extends TaskBody> type) {
    return task(type, t -> {});
  }

  /**
   * Declares a task running {@code type}, configured by {@code options}: they start from the
   * scheduling defaults the class's {@code @Task} sets (see {@link ModuleCatalog}) and override them.
   */
  public TaskNode task(Class<? extends TaskBody> type, Consumer<TaskOptions> options) {
    return task(ModuleCatalog.lookup(type), ModuleCatalog.defaults(type), options);
  }

  /**
   * Declares a task running {@code module}, configured by {@code options} alone (no class
   * defaults); generated code passes modules this way.
   */
  public TaskNode task(ModuleSpec module, Consumer<TaskOptions> options) {
    return task(module, TaskDefaults.NONE, options);
  }

  private TaskNode task(ModuleSpec module, TaskDefaults defaults, Consumer<TaskOptions> options) {
    TaskOptions o = new TaskOptions(defaults);
    options.accept(o);
    String alias = o.alias != null ? o.alias : module.name();
    return add(alias, module, o);
  }

  /**
   * Declares {@code count} copies of a task, aliased {@code alias_0 … alias_{count-1}} where
   * {@code alias} is the options' alias (default: the module's name). Like {@link #task(Class,
   * Consumer)}, the options start from the class's scheduling defaults.
   */
  public List<TaskNode> copies(Class<? extends TaskBody> type, int count, Consumer<TaskOptions> options) {
    return copies(ModuleCatalog.lookup(type), ModuleCatalog.defaults(type), count, options);
  }

  /** Declares {@code count} copies of a task running {@code module} (no class defaults). */
  public List<TaskNode> copies(ModuleSpec module, int count, Consumer<TaskOptions> options) {
    return copies(module, TaskDefaults.NONE, count, options);
  }

  private List<TaskNode> copies(ModuleSpec module, TaskDefaults defaults, int count, Consumer<TaskOptions> options) {
    // The options are read once: every copy gets the same values, copied into its own TaskSpec.
    TaskOptions o = new TaskOptions(defaults);
    options.accept(o);
    String base = o.alias != null ? o.alias : module.name();
    dev.manta.validation.GraphValidator.checkCopies(base, count).ifPresent(p -> {
      throw new IllegalArgumentException(p.format());
    });
    List<TaskNode> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(add(count == 1 ? base : base + "_" + i, module, o));
    }
    return List.copyOf(out);
  }

  private TaskNode add(String alias, ModuleSpec module, TaskOptions o) {
    ModuleSpec effective = module;
    boolean repackaged = (o.image != null && !o.image.equals(module.image()))
        || (o.datasets != null && !o.datasets.equals(module.datasets()))
        || (o.cpu != null && !new ResourceSpec(o.cpu, o.memory).equals(module.resources()));
    if (repackaged) {
      effective = new ModuleSpec(module.name() + "-" + alias, module.entryClass(),
          o.image != null ? o.image : module.image(),
          o.datasets != null ? o.datasets : module.datasets(),
          o.cpu != null ? new ResourceSpec(o.cpu, o.memory) : module.resources(),
          module.gpu());
    }
    graph.module(effective);
    TaskNode node = new TaskNode(this, alias);
    nodes.add(node);
    specs.put(node, new TaskSpec(alias, effective.name(), o.method, o.maximum, o.fraction, o.fixed,
        o.specifiedIds, o.exceptedIds, o.network, o.gpu != null ? o.gpu : effective.gpu(), List.of(), o.timeout,
        o.labels));
    return node;
  }

  /**
   * Declares a global with a default and returns its value: the launch-time override when one was
   * given (converted to the default's type), else {@code defaultValue}.
   */
  @SuppressWarnings("unchecked")
  public <T> T global(String globalName, T defaultValue) {
    Objects.requireNonNull(defaultValue, "defaultValue");
    T value = defaultValue;
    if (overrides.containsKey(globalName)) {
      value = (T) convert(globalName, overrides.get(globalName), defaultValue);
      read.add(globalName);
    }
    setGlobal(globalName, value);
    return value;
  }

  /** {@code raw} as the type of {@code defaultValue}: a list, set or map default takes any list, set or map. */
  private static Object convert(String globalName, Object raw, Object defaultValue) {
    Class<?> type = defaultValue instanceof List ? List.class
        : defaultValue instanceof java.util.Set ? java.util.Set.class
        : defaultValue instanceof Map ? Map.class
        : defaultValue.getClass();
    if (type.isInstance(raw)) {
      return raw;
    }
    try {
      return Json.mapper().convertValue(raw, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("launch-time value " + raw + " of global '" + globalName
          + "' is not a " + type.getSimpleName() + " like its default " + defaultValue
          + "; pass a value of that type", e);
    }
  }

  /** Sets a constant global; the value must be writable as JSON (the validator reports it if not). */
  public void setGlobal(String globalName, Object value) {
    globals.put(globalName, GlobalSpec.of(globalName, value));
  }

  /** Declares a global computed when the swarm is launched (what a {@code @Global} method declares). */
  public void computedGlobal(String globalName, String javaType) {
    globals.put(globalName, GlobalSpec.computed(globalName, javaType));
  }

  /** Declares a network tasks may join. */
  public void network(String networkName, Driver driver) {
    graph.network(new NetworkSpec(networkName, driver));
  }

  public void maxIterations(int maxIterations) {
    graph.maxIterations(maxIterations);
  }

  /** Records the class this swarm came from (shown in the manifest). */
  public void sourceClass(String className) {
    graph.sourceClass(className);
  }

  /** Declares where the flow ends; without it, the tasks nothing runs after are the ends. */
  public void flow(Flow... flows) {
    List<TaskNode> ends = new ArrayList<>();
    for (Flow f : flows) {
      for (TaskNode n : f.sinks()) {
        n.requireScope(this);
        if (!ends.contains(n)) {
          ends.add(n);
        }
      }
    }
    this.flow = ends;
  }

  SwarmGraph build() {
    for (TaskNode node : nodes) {
      List<Edge> edges = new ArrayList<>();
      node.upstream().forEach((up, condition) -> edges.add(new Edge(up.alias(), condition)));
      graph.task(specs.get(node).withUpstream(edges));
    }
    overrides.forEach((globalName, value) -> {
      if (!read.contains(globalName)) {
        setGlobal(globalName, value);
      }
    });
    globals.values().forEach(graph::global);
    if (flow != null) {
      graph.sinks(flow.stream().map(TaskNode::alias).toList());
    }
    return graph.build();
  }

}
