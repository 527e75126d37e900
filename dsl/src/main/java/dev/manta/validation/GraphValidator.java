package dev.manta.validation;

import dev.manta.Method;
import dev.manta.graph.Edge;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.ImageReference;
import dev.manta.graph.MemoryQuantity;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.Names;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.validation.Location.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link SwarmGraph} against the rules of docs/validation.md and returns every problem at
 * once, in a stable order: the swarm, then each task in declaration order, then cycles and
 * reachability, modules, networks and globals. The annotation processor and the DSL use the same
 * instance of these rules, so they give the same messages.
 */
public final class GraphValidator {
  private GraphValidator() {}

  /** Every problem of {@code graph}, errors and warnings. */
  public static List<Problem> validate(SwarmGraph graph) {
    return new Run(graph).run();
  }

  /** Throws {@link SwarmValidationException} when {@code graph} has errors; returns its warnings. */
  public static List<Problem> requireValid(SwarmGraph graph) {
    List<Problem> problems = validate(graph);
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new SwarmValidationException(graph.name(), problems);
    }
    return problems;
  }

  /** The rule for {@code copies}, shared by the DSL and the processor: at least 1. */
  public static Optional<Problem> checkCopies(String alias, int copies) {
    if (copies >= 1) {
      return Optional.empty();
    }
    return Optional.of(new Problem(ProblemCode.COPIES,
        "copies of task '" + alias + "' is " + copies + "; declare at least 1 copy (copies = 1 is one task named '"
            + alias + "')",
        new Location(Kind.TASK, alias, "copies"), List.of()));
  }

  /** The closest of {@code candidates} to {@code name}, if one is close enough to suggest. */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, name.length() / 3);
    boolean prefix = best != null && (best.startsWith(name) || name.startsWith(best));
    return best != null && (bestDistance <= allowed || prefix) ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** One validation pass over one graph. */
  private static final class Run {
    private final SwarmGraph graph;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, TaskSpec> tasks = new LinkedHashMap<>();

    Run(SwarmGraph graph) {
      this.graph = graph;
      graph.tasks().forEach(t -> tasks.putIfAbsent(t.alias(), t));
    }

    List<Problem> run() {
      checkSwarm();
      Set<String> seen = new HashSet<>();
      for (TaskSpec t : graph.tasks()) {
        if (!seen.add(t.alias())) {
          add(ProblemCode.DUPLICATE_ALIAS, Kind.TASK, t.alias(), "alias",
              "task alias '" + t.alias() + "' is declared more than once; give each task its own alias");
          continue;
        }
        checkTask(t);
      }
      Set<String> inCycles = checkCycles();
      checkReachability(inCycles);
      checkModules();
      checkNetworks();
      checkGlobals();
      return List.copyOf(problems);
    }

    private void checkSwarm() {
      checkName(Kind.SWARM, graph.name(), "name", "swarm name");
      if (graph.maxIterations() < 1) {
        add(ProblemCode.MAX_ITERATIONS, Kind.SWARM, graph.name(), "maxIterations",
            "maxIterations is " + graph.maxIterations() + "; set it to at least 1 (default "
                + SwarmGraph.DEFAULT_MAX_ITERATIONS + ")");
      }
      if (graph.tasks().isEmpty()) {
        add(ProblemCode.EMPTY_SWARM, Kind.SWARM, graph.name(), null,
            "swarm '" + graph.name() + "' declares no task; declare at least one");
      }
    }

    private void checkTask(TaskSpec t) {
      checkName(Kind.TASK, t.alias(), "alias", "task alias");
      for (Edge e : t.upstream()) {
        if (!tasks.containsKey(e.from())) {
          String hint = closest(e.from(), tasks.keySet())
              .map(c -> "; did you mean '" + c + "'?")
              .orElse("; the tasks are " + String.join(", ", tasks.keySet()));
          problems.add(new Problem(ProblemCode.UNKNOWN_TASK,
              "task '" + t.alias() + "' runs after '" + e.from() + "', which is no task of swarm '"
                  + graph.name() + "'" + hint,
              new Location(Kind.TASK, t.alias(), "upstream:" + e.from()), List.of(e.from(), t.alias())));
        }
      }
      if (t.maximum() != null && t.maximum() != -1 && t.maximum() < 1) {
        add(ProblemCode.MAXIMUM, Kind.TASK, t.alias(), "maximum",
            "maximum of task '" + t.alias() + "' is " + t.maximum()
                + "; use -1 for no cap or a count of at least 1 (for a share of the nodes use fraction)");
      }
      if (t.fraction() != null && !(t.fraction() > 0 && t.fraction() <= 1)) {
        add(ProblemCode.MAXIMUM, Kind.TASK, t.alias(), "fraction",
            "fraction of task '" + t.alias() + "' is " + t.fraction() + "; use a value in (0, 1], e.g. 0.5 for half the eligible nodes");
      }
      if (t.fraction() != null && t.maximum() != null) {
        add(ProblemCode.MAXIMUM, Kind.TASK, t.alias(), "fraction",
            "task '" + t.alias() + "' sets both maximum and fraction; keep one of them");
      }
      if (t.timeout() != null && dev.manta.graph.TaskTimeout.parse(t.timeout()).isEmpty()) {
        add(ProblemCode.TIMEOUT, Kind.TASK, t.alias(), "timeout",
            "timeout of task '" + t.alias() + "' is '" + t.timeout() + "'; use " + dev.manta.graph.TaskTimeout.SYNTAX);
      }
      checkLabels(t);
      if (t.method() == Method.FIXED && t.specifiedIds().isEmpty()) {
        add(ProblemCode.FIXED_WITHOUT_IDS, Kind.TASK, t.alias(), "method",
            "task '" + t.alias() + "' uses method FIXED but lists no specifiedIds; list the nodes it runs on, "
                + "or use fixed = true to keep the nodes of its first iteration");
      }
      Set<String> excepted = new LinkedHashSet<>(t.exceptedIds());
      for (String id : new LinkedHashSet<>(t.specifiedIds())) {
        if (excepted.contains(id)) {
          add(ProblemCode.ID_CONFLICT, Kind.TASK, t.alias(), "exceptedIds",
              "node '" + id + "' is in both specifiedIds and exceptedIds of task '" + t.alias()
                  + "'; remove it from one of them");
        }
      }
      if (graph.module(t.module()).isEmpty()) {
        List<String> modules = graph.modules().stream().map(ModuleSpec::name).toList();
        String hint = closest(t.module(), modules).map(c -> "; did you mean '" + c + "'?")
            .orElse("; the modules are " + String.join(", ", modules));
        add(ProblemCode.UNKNOWN_MODULE, Kind.TASK, t.alias(), "module",
            "task '" + t.alias() + "' runs module '" + t.module() + "', which swarm '" + graph.name()
                + "' does not list" + hint);
      }
      if (!t.network().isEmpty() && graph.networks().stream().noneMatch(n -> n.name().equals(t.network()))) {
        List<String> declared = graph.networks().stream().map(NetworkSpec::name).toList();
        String hint = closest(t.network(), declared).map(c -> "; did you mean '" + c + "'?")
            .orElse("; declare it on the swarm: @Swarm(networks = @Network(name = \"" + t.network()
                + "\")), or network(\"" + t.network() + "\", driver) in the DSL");
        add(ProblemCode.UNKNOWN_NETWORK, Kind.TASK, t.alias(), "network",
            "task '" + t.alias() + "' joins network '" + t.network() + "', which swarm '" + graph.name()
                + "' does not declare" + hint);
      }
    }

    private void checkLabels(TaskSpec t) {
      Map<String, String> byKey = new LinkedHashMap<>();
      for (int i = 0; i < t.labels().size(); i++) {
        String label = t.labels().get(i);
        String attribute = "labels[" + i + "]";
        Optional<dev.manta.graph.NodeLabel> parsed = dev.manta.graph.NodeLabel.parse(label);
        if (parsed.isEmpty()) {
          String hint = label.contains(":") && !label.contains("=")
              ? " (write '" + label.replaceFirst(":", "=").replace(" ", "") + "')" : "";
          add(ProblemCode.LABELS, Kind.TASK, t.alias(), attribute,
              "label '" + label + "' of task '" + t.alias() + "' is not valid" + hint + "; write " + dev.manta.graph.NodeLabel.SYNTAX);
          continue;
        }
        String key = parsed.get().key();
        String earlier = byKey.putIfAbsent(key, parsed.get().value());
        if (earlier != null && !earlier.equals(parsed.get().value())) {
          add(ProblemCode.LABELS, Kind.TASK, t.alias(), attribute,
              "task '" + t.alias() + "' asks for label '" + key + "' to be both '" + earlier + "' and '"
                  + parsed.get().value() + "', which no node can be; keep one of them");
        }
      }
    }

    /** Reports each cycle (strongly connected component) once, with a path through it. */
    private Set<String> checkCycles() {
      Set<String> inCycles = new HashSet<>();
      for (List<String> component : stronglyConnected()) {
        String start = component.get(0);
        boolean selfLoop = tasks.get(start).upstreamAliases().contains(start);
        if (component.size() == 1 && !selfLoop) {
          continue;
        }
        inCycles.addAll(component);
        List<String> path = cyclePath(start, new HashSet<>(component));
        // Located on the edge that closes the cycle: the last task of the path before it returns to start.
        problems.add(new Problem(ProblemCode.CYCLE,
            "tasks form a cycle: " + String.join(" -> ", path)
                + "; remove one of these edges (to run again, call world.scheduleNextIteration(...) instead)",
            new Location(Kind.TASK, start, "upstream:" + path.get(path.size() - 2)), path));
      }
      return inCycles;
    }

    /** Components in the order of their first-declared task; members in declaration order. */
    private List<List<String>> stronglyConnected() {
      List<String> order = new ArrayList<>(tasks.keySet());
      Map<String, Integer> index = new HashMap<>();
      Map<String, Integer> low = new HashMap<>();
      java.util.Deque<String> stack = new java.util.ArrayDeque<>();
      Set<String> onStack = new HashSet<>();
      List<List<String>> out = new ArrayList<>();
      int[] counter = {0};
      for (String alias : order) {
        if (!index.containsKey(alias)) {
          strongConnect(alias, index, low, stack, onStack, out, counter);
        }
      }
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        position.put(order.get(i), i);
      }
      out.forEach(c -> c.sort(java.util.Comparator.comparing(position::get)));
      out.sort(java.util.Comparator.comparing(c -> position.get(c.get(0))));
      return out;
    }

    private void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low,
        java.util.Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
      index.put(v, counter[0]);
      low.put(v, counter[0]);
      counter[0]++;
      stack.push(v);
      onStack.add(v);
      for (String w : downstreamOf(v)) {
        if (!index.containsKey(w)) {
          strongConnect(w, index, low, stack, onStack, out, counter);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        List<String> component = new ArrayList<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        out.add(component);
      }
    }

    /** Tasks that run after {@code alias}: the direction the flow goes. */
    private List<String> downstreamOf(String alias) {
      List<String> out = new ArrayList<>();
      for (TaskSpec t : tasks.values()) {
        if (t.upstreamAliases().contains(alias)) {
          out.add(t.alias());
        }
      }
      return out;
    }

    /** A shortest path from {@code start} back to itself inside {@code members}, flow direction. */
    private List<String> cyclePath(String start, Set<String> members) {
      Map<String, String> parent = new HashMap<>();
      java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
      queue.add(start);
      while (!queue.isEmpty()) {
        String v = queue.poll();
        for (String w : downstreamOf(v)) {
          if (!members.contains(w)) {
            continue;
          }
          if (w.equals(start)) {
            List<String> path = new ArrayList<>();
            for (String at = v; at != null; at = parent.get(at)) {
              path.add(0, at);
            }
            path.add(start);
            return path;
          }
          if (!parent.containsKey(w) && !w.equals(start)) {
            parent.put(w, v);
            queue.add(w);
          }
        }
      }
      return List.of(start, start);
    }

    private void checkReachability(Set<String> inCycles) {
      for (String sink : new LinkedHashSet<>(graph.sinks())) {
        if (!tasks.containsKey(sink)) {
          String hint = closest(sink, tasks.keySet())
              .map(c -> "; did you mean '" + c + "'?")
              .orElse("; end it in one of " + String.join(", ", tasks.keySet()));
          problems.add(new Problem(ProblemCode.UNKNOWN_TASK,
              "the flow of swarm '" + graph.name() + "' ends in '" + sink + "', which is no task of it" + hint,
              new Location(Kind.SWARM, graph.name(), "sinks"), List.of(sink)));
        }
      }
      Set<String> reachable = graph.reachableFromSinks();
      for (String alias : tasks.keySet()) {
        if (!reachable.contains(alias) && !inCycles.contains(alias)) {
          add(ProblemCode.UNREACHABLE, Kind.TASK, alias, null,
              "task '" + alias + "' leads to no end of the flow (" + String.join(", ", graph.sinks())
                  + "), so nothing uses what it does; connect it with after(...) or remove it");
        } else if (!inCycles.contains(alias)) {
          checkConnected(alias);
        }
      }
    }

    /** A task with no edge at all in a swarm whose other tasks form a flow. */
    private void checkConnected(String alias) {
      boolean anyEdge = false;
      for (TaskSpec t : graph.tasks()) {
        // Edges from unknown tasks are reported as UnknownTask and connect nothing.
        List<String> known = t.upstreamAliases().stream().filter(tasks::containsKey).toList();
        if (!known.isEmpty()) {
          anyEdge = true;
          if (known.contains(alias) || t.alias().equals(alias)) {
            return;
          }
        }
      }
      if (anyEdge) {
        add(ProblemCode.DISCONNECTED, Kind.TASK, alias, null,
            "task '" + alias + "' is connected to no other task of swarm '" + graph.name() + "': it waits for "
                + "none and none waits for it; connect it (a parameter naming it, or after(...) in the DSL) "
                + "or remove it");
      }
    }

    private void checkModules() {
      Map<String, ModuleSpec> byName = new HashMap<>();
      for (ModuleSpec m : graph.modules()) {
        ModuleSpec first = byName.putIfAbsent(m.name(), m);
        if (first != null) {
          add(ProblemCode.DUPLICATE_MODULE, Kind.MODULE, m.name(), "name",
              "module name '" + m.name() + "' is used by " + first.entryClass() + " and " + m.entryClass()
                  + " with different settings; give one of them another name");
          continue;
        }
        checkName(Kind.MODULE, m.name(), "name", "module name");
        if (ImageReference.tryParse(m.image()).isEmpty()) {
          add(ProblemCode.IMAGE_REFERENCE, Kind.MODULE, m.name(), "image",
              "image '" + m.image() + "' of module '" + m.name() + "' is not an image reference; "
                  + "write [registry[:port]/]name[:tag][@digest] with a lower-case name, e.g. eclipse-temurin:17-jre");
        }
        double cpu = m.resources().cpu();
        if (!(cpu > 0) || Double.isInfinite(cpu)) {
          add(ProblemCode.RESOURCES, Kind.MODULE, m.name(), "cpu",
              "cpu of module '" + m.name() + "' is " + cpu + "; reserve a positive number of cores, e.g. 0.5 or 2");
        }
        if (MemoryQuantity.bytes(m.resources().memory()).isEmpty()) {
          add(ProblemCode.RESOURCES, Kind.MODULE, m.name(), "memory",
              "memory '" + m.resources().memory() + "' of module '" + m.name() + "' is not a quantity; write "
                  + MemoryQuantity.SYNTAX);
        }
      }
    }

    private void checkNetworks() {
      Set<String> seen = new HashSet<>();
      for (NetworkSpec n : graph.networks()) {
        if (!seen.add(n.name())) {
          add(ProblemCode.DUPLICATE_NETWORK, Kind.NETWORK, n.name(), "name",
              "network '" + n.name() + "' is declared more than once; declare it once");
          continue;
        }
        checkName(Kind.NETWORK, n.name(), "name", "network name");
      }
    }

    private void checkGlobals() {
      for (GlobalSpec g : graph.globals()) {
        checkName(Kind.GLOBAL, g.name(), "name", "global name");
        if (g.problem() != null) {
          add(ProblemCode.GLOBAL_TYPE, Kind.GLOBAL, g.name(), null,
              "global '" + g.name() + "' of type " + g.javaType() + " cannot be written as JSON (" + g.problem()
                  + "); use primitives, strings, enums, arrays, lists, maps with string keys, or records of those");
        }
      }
    }

    private void checkName(Kind kind, String name, String attribute, String what) {
      if (!Names.isValid(name)) {
        String suggestion = Names.suggest(name);
        add(ProblemCode.INVALID_NAME, kind, name, attribute,
            what + " '" + name + "' is not valid: use " + Names.RULE
                + (Names.isValid(suggestion) ? ", e.g. '" + suggestion + "'" : ""));
      }
    }

    private void add(ProblemCode code, Kind kind, String name, String attribute, String message) {
      problems.add(new Problem(code, message, new Location(kind, name, attribute), List.of()));
    }
  }
}
