package dev.manta.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable swarm graph: modules, tasks with their upstream edges, networks and globals. Both
 * the annotations and the DSL produce one; {@link dev.manta.validation.GraphValidator} checks it.
 * A graph may be invalid (cycles, unknown names): building never throws for graph mistakes, so
 * every mistake can be reported at once.
 *
 * @param name the swarm's name
 * @param sourceClass the class that declared it, or empty
 * @param maxIterations the bound on iterations
 * @param modules modules, sorted by name
 * @param tasks tasks in declaration order
 * @param networks networks in declaration order
 * @param globals globals, sorted by name
 * @param sinks the aliases the flow ends in, in declaration order
 */
public record SwarmGraph(
    String name,
    String sourceClass,
    int maxIterations,
    List<ModuleSpec> modules,
    List<TaskSpec> tasks,
    List<NetworkSpec> networks,
    List<GlobalSpec> globals,
    List<String> sinks) {

  public static final int DEFAULT_MAX_ITERATIONS = 100;

  public SwarmGraph {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceClass, "sourceClass");
    modules = modules.stream().sorted(Comparator.comparing(ModuleSpec::name)).toList();
    tasks = List.copyOf(tasks);
    networks = List.copyOf(networks);
    globals = globals.stream().sorted(Comparator.comparing(GlobalSpec::name)).toList();
    sinks = List.copyOf(sinks);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Optional<TaskSpec> task(String alias) {
    return tasks.stream().filter(t -> t.alias().equals(alias)).findFirst();
  }

  public Optional<ModuleSpec> module(String moduleName) {
    return modules.stream().filter(m -> m.name().equals(moduleName)).findFirst();
  }

  public Optional<GlobalSpec> global(String globalName) {
    return globals.stream().filter(g -> g.name().equals(globalName)).findFirst();
  }

  /** The aliases of the tasks that run directly after {@code alias}, in declaration order. */
  public List<String> downstream(String alias) {
    return tasks.stream()
        .filter(t -> t.upstreamAliases().contains(alias))
        .map(TaskSpec::alias)
        .toList();
  }

  /** Whether the edges form a cycle (edges to unknown tasks are ignored). */
  public boolean hasCycle() {
    return topologicalOrderOrNull() == null;
  }

  /**
   * The aliases in an order where every task comes after its upstream tasks; ties keep
   * declaration order. Edges to unknown aliases are ignored.
   *
   * @throws IllegalStateException if the graph has a cycle
   */
  public List<String> topologicalOrder() {
    List<String> order = topologicalOrderOrNull();
    if (order == null) {
      throw new IllegalStateException("swarm '" + name + "' has a cycle; validate it first");
    }
    return order;
  }

  private List<String> topologicalOrderOrNull() {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      position.putIfAbsent(tasks.get(i).alias(), i);
    }
    Map<String, Integer> pending = new LinkedHashMap<>();
    Map<String, List<String>> down = new HashMap<>();
    for (TaskSpec t : tasks) {
      Set<String> ups = new HashSet<>();
      for (String up : t.upstreamAliases()) {
        if (position.containsKey(up) && ups.add(up)) {
          down.computeIfAbsent(up, k -> new ArrayList<>()).add(t.alias());
        }
      }
      pending.merge(t.alias(), ups.size(), Integer::sum);
    }
    java.util.PriorityQueue<String> ready =
        new java.util.PriorityQueue<>(Comparator.comparing(position::get));
    pending.forEach((alias, count) -> {
      if (count == 0) {
        ready.add(alias);
      }
    });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String next = ready.poll();
      order.add(next);
      for (String d : down.getOrDefault(next, List.of())) {
        if (pending.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    return order.size() == pending.size() ? order : null;
  }

  /** Aliases from which some sink can be reached by following edges downstream. */
  public Set<String> reachableFromSinks() {
    Map<String, TaskSpec> byAlias = new HashMap<>();
    tasks.forEach(t -> byAlias.putIfAbsent(t.alias(), t));
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(sinks);
    while (!todo.isEmpty()) {
      String alias = todo.pop();
      TaskSpec t = byAlias.get(alias);
      if (t != null && seen.add(alias)) {
        todo.addAll(t.upstreamAliases());
      }
    }
    return seen;
  }

  /** Builds a {@link SwarmGraph}; sinks default to the tasks nothing runs after. */
  public static final class Builder {
    private final String name;
    private String sourceClass = "";
    private int maxIterations = DEFAULT_MAX_ITERATIONS;
    private final Map<String, ModuleSpec> modules = new LinkedHashMap<>();
    private final List<ModuleSpec> conflictingModules = new ArrayList<>();
    private final List<TaskSpec> tasks = new ArrayList<>();
    private final List<NetworkSpec> networks = new ArrayList<>();
    private final Map<String, GlobalSpec> globals = new LinkedHashMap<>();
    private List<String> sinks;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder sourceClass(String sourceClass) {
      this.sourceClass = Objects.requireNonNull(sourceClass, "sourceClass");
      return this;
    }

    public Builder maxIterations(int maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    /**
     * Adds a module; adding an equal module again is a no-op. A different module under a name
     * already taken is kept too, so the validator can report the clash.
     */
    public Builder module(ModuleSpec module) {
      ModuleSpec existing = modules.putIfAbsent(module.name(), module);
      if (existing != null && !existing.equals(module) && !conflictingModules.contains(module)) {
        conflictingModules.add(module);
      }
      return this;
    }

    public Builder task(TaskSpec task) {
      tasks.add(task);
      return this;
    }

    public Builder network(NetworkSpec network) {
      networks.add(network);
      return this;
    }

    /** Adds or replaces a global. */
    public Builder global(GlobalSpec global) {
      globals.put(global.name(), global);
      return this;
    }

    public Builder sinks(List<String> sinks) {
      this.sinks = List.copyOf(sinks);
      return this;
    }

    public SwarmGraph build() {
      List<String> ends = sinks;
      if (ends == null) {
        Set<String> hasDownstream = new HashSet<>();
        tasks.forEach(t -> hasDownstream.addAll(t.upstreamAliases()));
        ends = tasks.stream().map(TaskSpec::alias).filter(a -> !hasDownstream.contains(a)).toList();
      }
      List<ModuleSpec> all = new ArrayList<>(modules.values());
      all.addAll(conflictingModules);
      return new SwarmGraph(name, sourceClass, maxIterations, all, tasks, networks,
          new ArrayList<>(globals.values()), ends);
    }
  }
}
