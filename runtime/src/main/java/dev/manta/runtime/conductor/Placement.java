package dev.manta.runtime.conductor;

import dev.manta.Method;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.node.NodeSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a task's instances go: a pure function of one snapshot (the run's nodes, which of them are
 * live, what the task already tried, the load placed so far) and the seed. See docs/runtime.md,
 * "Choosing nodes".
 */
final class Placement {
  /** Reasons that only narrow a task's usual nodes for this iteration; FIXED skips such nodes silently. */
  static final String NARROWED = "narrowed: ";

  private Placement() {}

  /**
   * One snapshot to place a task against.
   *
   * @param spec the task
   * @param module its module
   * @param nodes every node of the run, by id (sorted)
   * @param live the ids of the nodes whose agents hold a lease
   * @param tried nodes the task already had an instance on in this iteration
   * @param restricted the nodes a {@code scheduleNextIteration} restricted the task to, or {@code null}
   * @param pinned with {@code fixed = true} from iteration 2 on: where it succeeded in iteration 1, else {@code null}
   * @param load node → instances placed on it in this iteration (any task)
   * @param seed the run's seed
   * @param iteration the iteration
   * @param attempt the task's next try number (1 for its first pick)
   */
  record Snapshot(TaskSpec spec, ModuleSpec module, Map<String, NodeSpec> nodes, Set<String> live,
      Set<String> tried, Set<String> restricted, Set<String> pinned, Map<String, Integer> load, long seed,
      int iteration, int attempt) {}

  /** The chosen nodes (sorted), or why there are none. */
  record Pick(List<String> nodes, String error) {}

  static Pick pick(Snapshot s) {
    TaskSpec spec = s.spec();
    Map<String, String> rejected = new TreeMap<>();
    List<String> eligible = new ArrayList<>(s.nodes().size());
    // The task's labels are parsed once per pick, not once per node.
    List<dev.manta.graph.NodeLabel> labels = spec.nodeLabels();
    for (NodeSpec node : s.nodes().values()) {
      String why = ineligible(s, node, true, labels);
      if (why == null) {
        eligible.add(node.id());
      } else {
        rejected.put(node.id(), why);
      }
    }
    String task = "task '" + spec.alias() + "' (method " + spec.method() + ")";
    if (spec.method() == Method.FIXED) {
      List<String> chosen = new ArrayList<>();
      for (String id : spec.specifiedIds()) {
        if (!s.nodes().containsKey(id)) {
          return new Pick(List.of(), task + " needs node '" + id + "', which is not among this run's nodes ("
              + abbreviate(s.nodes().keySet()) + "); add the node or fix specifiedIds");
        }
        String why = rejected.get(id);
        if (why == null) {
          chosen.add(id);
        } else if (!why.startsWith(NARROWED)) {
          return new Pick(List.of(), task + " needs node '" + id + "', which cannot run it in iteration "
              + s.iteration() + ": " + why);
        }
      }
      if (chosen.isEmpty()) {
        return new Pick(List.of(), task + " has no node left to run on in iteration " + s.iteration() + ": "
            + reasons(rejected));
      }
      return new Pick(chosen.stream().sorted().toList(), null);
    }
    if (eligible.isEmpty()) {
      String what = s.attempt() > 1 ? " has no other eligible node to try in iteration " : " has no eligible node in iteration ";
      return new Pick(List.of(), task + what + s.iteration() + ": " + reasons(rejected));
    }
    int count;
    if (spec.method() == Method.ANY) {
      count = 1;
    } else if (spec.fraction() != null && spec.fraction() > 0) {
      count = (int) Math.max(1, Math.min(eligible.size(), Math.ceil(spec.fraction() * eligible.size())));
    } else if (spec.maximum() != null && spec.maximum() > 0) {
      count = Math.min(spec.maximum(), eligible.size());
    } else if (spec.method() == Method.BEST_RESOURCES && spec.maximum() == null) {
      count = 1;
    } else {
      count = eligible.size();
    }
    if (count < eligible.size()) {
      Collections.shuffle(eligible, random(s.seed(), s.iteration(), spec.alias(), s.attempt()));
      if (spec.method() == Method.BEST_RESOURCES) {
        // Most free capacity first (how many more instances of this module fit); ties keep the seeded order.
        Map<String, Double> room = new java.util.HashMap<>();
        eligible.forEach(id -> room.put(id, room(s.nodes().get(id), s.module(), s.load().getOrDefault(id, 0))));
        eligible.sort(Comparator.comparingDouble((String id) -> room.get(id)).reversed());
      } else if (count <= 8) {
        // The same choice as the sort below, without sorting every node: the count least-loaded
        // in the seeded order (a stable sort's first count), by repeated selection.
        eligible = leastLoaded(eligible, count, s.load());
      } else {
        // Least-loaded first: fewest instances already placed on the node in this iteration (any
        // task); ties keep the seeded order. Ten ANY copies on ten nodes thus land on ten nodes.
        eligible.sort(Comparator.comparingInt(id -> s.load().getOrDefault(id, 0)));
      }
      eligible = new ArrayList<>(eligible.subList(0, count));
      Collections.sort(eligible);
    }
    return new Pick(List.copyOf(eligible), null);
  }

  /** The first {@code count} of {@code ids} in a stable sort by load (fewest first). */
  static List<String> leastLoaded(List<String> ids, int count, Map<String, Integer> load) {
    int[] loads = new int[ids.size()];
    for (int i = 0; i < loads.length; i++) {
      loads[i] = load.getOrDefault(ids.get(i), 0);
    }
    List<String> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int best = -1;
      for (int i = 0; i < loads.length; i++) {
        if (loads[i] != Integer.MAX_VALUE && (best < 0 || loads[i] < loads[best])) {
          best = i;
        }
      }
      out.add(ids.get(best));
      loads[best] = Integer.MAX_VALUE; // taken
    }
    return out;
  }

  /**
   * How many more instances of {@code module} fit on {@code node}: its declared capacity less
   * {@code placed} instances (counted at this module's reservation), divided by the reservation, the
   * smaller of the cpu and memory figures. A node without declared capacity gets negative infinity.
   */
  static double room(NodeSpec node, ModuleSpec module, int placed) {
    if (node.capacity() == null) {
      return Double.NEGATIVE_INFINITY;
    }
    double cpu = module.resources().cpu();
    double memory = dev.manta.graph.MemoryQuantity.bytes(module.resources().memory()).orElse(1);
    double freeCpu = node.capacity().cpu() - placed * cpu;
    double freeMemory = dev.manta.graph.MemoryQuantity.bytes(node.capacity().memory()).orElse(0) - placed * memory;
    return Math.min(freeCpu / cpu, freeMemory / memory);
  }

  /**
   * How many nodes an ANY task may try: {@code ceil(fraction × eligible)} when a fraction is set
   * (eligible counted without the tried filter), else {@link TaskSpec#effectiveMaximum()} (-1: no cap).
   */
  static int anyCap(Snapshot s) {
    Double fraction = s.spec().fraction();
    if (fraction == null || fraction <= 0) {
      return s.spec().effectiveMaximum();
    }
    List<dev.manta.graph.NodeLabel> labels = s.spec().nodeLabels();
    long eligible = s.nodes().values().stream().filter(n -> ineligible(s, n, false, labels) == null).count();
    return (int) Math.max(1, Math.ceil(fraction * eligible));
  }

  /** Why {@code node} cannot run the task now, or {@code null} if it can. */
  static String ineligible(Snapshot s, NodeSpec node, boolean excludeTried) {
    return ineligible(s, node, excludeTried, s.spec().nodeLabels());
  }

  /** {@link #ineligible(Snapshot, NodeSpec, boolean)} with the task's labels parsed already. */
  private static String ineligible(Snapshot s, NodeSpec node, boolean excludeTried,
      List<dev.manta.graph.NodeLabel> labels) {
    TaskSpec spec = s.spec();
    if (!s.live().contains(node.id())) {
      return "not alive (lost, or its agent holds no lease)";
    }
    if (spec.exceptedIds().contains(node.id())) {
      return "listed in exceptedIds";
    }
    if (excludeTried && s.tried().contains(node.id())) {
      return "already tried in this iteration";
    }
    if (spec.method() != Method.FIXED && !spec.specifiedIds().isEmpty() && !spec.specifiedIds().contains(node.id())) {
      return "not in specifiedIds";
    }
    if (spec.gpu() && !node.gpu()) {
      return "has no GPU (the task asks for one)";
    }
    for (dev.manta.graph.NodeLabel label : labels) {
      if (!label.matches(node.labels())) {
        return "lacks label '" + label + "'";
      }
    }
    for (String dataset : s.module().datasets()) {
      if (node.dataset(dataset).isEmpty()) {
        return "lacks dataset '" + dataset + "'";
      }
    }
    if (s.restricted() != null && !s.restricted().contains(node.id())) {
      return NARROWED + "not among the nodes scheduleNextIteration chose for iteration " + s.iteration();
    }
    if (s.pinned() != null && !s.pinned().contains(node.id())) {
      return NARROWED + "not one of the nodes it got in iteration 1 (fixed = true)";
    }
    return null;
  }

  static String reasons(Map<String, String> rejected) {
    Map<String, List<String>> byReason = new TreeMap<>();
    rejected.forEach((node, why) -> byReason.computeIfAbsent(why.replace(NARROWED, ""), k -> new ArrayList<>()).add(node));
    if (byReason.isEmpty()) {
      return "the run has no nodes";
    }
    return byReason.entrySet().stream().map(e -> abbreviate(e.getValue()) + ": " + e.getKey())
        .collect(Collectors.joining("; "));
  }

  static String abbreviate(Collection<String> ids) {
    List<String> list = new ArrayList<>(ids);
    if (list.size() <= 5) {
      return String.join(", ", list);
    }
    return String.join(", ", list.subList(0, 5)) + " and " + (list.size() - 5) + " more";
  }

  private static Random random(long seed, int iteration, String alias, int attempt) {
    long s = seed;
    s = s * 1_000_003L + iteration;
    s = s * 1_000_003L + alias.hashCode();
    s = s * 1_000_003L + attempt;
    return new Random(s);
  }
}
