package dev.manta.runtime.node;

import dev.manta.Method;
import dev.manta.graph.NodeLabel;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Launch-time checks of a graph against the nodes of a run, for placement attributes that only
 * nodes can satisfy: a task's {@code labels} must be carried by at least one node, and a
 * {@link Method#BEST_RESOURCES} task needs at least one node that declares its capacity.
 */
public final class NodeFit {
  private NodeFit() {}

  /** Every such problem, each naming the task and what to change; empty when the nodes fit. */
  public static List<String> problems(SwarmGraph graph, List<NodeSpec> nodes) {
    List<String> out = new ArrayList<>();
    for (TaskSpec t : graph.tasks()) {
      List<NodeLabel> labels = t.nodeLabels();
      if (!labels.isEmpty() && nodes.stream().noneMatch(n -> labels.stream().allMatch(l -> l.matches(n.labels())))) {
        out.add("task '" + t.alias() + "' runs only on nodes labelled " + labels.stream().map(NodeLabel::toString)
            .collect(Collectors.joining(" and ")) + ", and no node of this run carries " + (labels.size() == 1 ? "it"
            : "them all") + " (" + describe(nodes) + "); add the labels to the nodes file (labels: {zone: east})"
            + " or change the task's labels");
      }
      if (t.method() == Method.BEST_RESOURCES && nodes.stream().allMatch(n -> n.capacity() == null)) {
        out.add("task '" + t.alias() + "' uses method BEST_RESOURCES, which ranks nodes by free capacity, but no node"
            + " of this run declares one; give the nodes a capacity in the nodes file (capacity: {cpu: 8, memory:"
            + " 16Gi}) or use another method");
      }
    }
    return List.copyOf(out);
  }

  private static String describe(List<NodeSpec> nodes) {
    Map<String, List<String>> byLabels = new TreeMap<>();
    for (NodeSpec n : nodes) {
      String labels = n.labels().isEmpty() ? "no labels" : n.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
      byLabels.computeIfAbsent(labels, k -> new ArrayList<>()).add(n.id());
    }
    return byLabels.entrySet().stream().map(e -> abbreviate(e.getValue()) + ": " + e.getKey())
        .collect(Collectors.joining("; "));
  }

  private static String abbreviate(List<String> ids) {
    return ids.size() <= 3 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 3)) + " and "
        + (ids.size() - 3) + " more";
  }
}
