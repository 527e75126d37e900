package dev.manta.client;

import dev.manta.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which nodes may run each module's agent, and the Docker placement constraints that say so.
 *
 * <p>A node is eligible for a module when it is ready, holds every dataset of the module, has a
 * GPU when every task of the module needs one, is among the {@code specifiedIds} when every task
 * of the module names some (their union), and is not excepted by every task of the module. Docker
 * constraints are a conjunction of equalities, and a dataset label lists several names, so the
 * rule is evaluated here and handed to Docker as {@code node.id!=…} for every other node, plus
 * {@code node.labels.manta.gpu==true} when a GPU is needed (which also keeps GPU-less nodes that
 * join later away).
 */
final class Placement {
  private Placement() {}

  /** The eligible nodes of one module, and why the others are not. */
  record ModulePlacement(String module, List<ClusterNode> eligible, boolean gpu, Map<String, String> excluded) {
    ModulePlacement {
      eligible = List.copyOf(eligible);
      excluded = java.util.Collections.unmodifiableMap(new TreeMap<>(excluded));
    }

    /** The Docker placement constraints of the module's global agent service. */
    List<String> constraints(List<ClusterNode> all) {
      List<String> out = new ArrayList<>();
      if (gpu) {
        out.add("node.labels." + dev.manta.runtime.cluster.ClusterLayout.NODE_LABEL_GPU + "==true");
      }
      Set<String> keep = new LinkedHashSet<>();
      eligible.forEach(n -> keep.add(n.dockerId()));
      for (ClusterNode n : all) {
        if (!keep.contains(n.dockerId())) {
          out.add("node.id!=" + n.dockerId());
        }
      }
      return out;
    }
  }

  /** Whether {@code node} carries every label of {@code labels} ({@code key=value}); true when there are none. */
  private static boolean carries(ClusterNode node, List<String> labels) {
    return labels.stream().allMatch(l -> dev.manta.graph.NodeLabel.parse(l).map(x -> x.matches(node.labels()))
        .orElse(false));
  }

  /** Every module's placement, by module name. */
  static Map<String, ModulePlacement> of(Manifest manifest, List<ClusterNode> nodes) {
    Map<String, ModulePlacement> out = new TreeMap<>();
    for (Manifest.Module module : manifest.modules()) {
      List<Manifest.TaskEntry> tasks = manifest.tasks().stream().filter(t -> t.module().equals(module.name())).toList();
      boolean gpu = !tasks.isEmpty() ? tasks.stream().allMatch(Manifest.TaskEntry::gpu) : module.gpu();
      boolean allSpecify = !tasks.isEmpty() && tasks.stream().allMatch(t -> !t.specifiedIds().isEmpty());
      Set<String> specified = new LinkedHashSet<>();
      if (allSpecify) {
        tasks.forEach(t -> specified.addAll(t.specifiedIds()));
      }
      List<ClusterNode> eligible = new ArrayList<>();
      Map<String, String> excluded = new TreeMap<>();
      for (ClusterNode n : nodes) {
        String why = null;
        if (!n.ready()) {
          why = "not ready";
        } else if (!n.holds(module.datasets())) {
          List<String> missing = module.datasets().stream().filter(d -> !n.datasets().contains(d)).toList();
          why = "lacks dataset(s) " + String.join(", ", missing) + " (node label manta.datasets)";
        } else if (gpu && !n.gpu()) {
          why = "has no GPU (node label manta.gpu=true)";
        } else if (allSpecify && !specified.contains(n.id())) {
          why = "not in specifiedIds " + specified;
        } else if (!tasks.isEmpty() && tasks.stream().allMatch(t -> t.exceptedIds().contains(n.id()))) {
          why = "in exceptedIds";
        } else if (!tasks.isEmpty() && tasks.stream().noneMatch(t -> carries(n, t.labels()))) {
          why = "lacks the node label(s) " + tasks.stream().map(t -> String.join(",", t.labels())).distinct()
              .collect(java.util.stream.Collectors.joining(" or ")) + " its tasks ask for";
        }
        if (why == null) {
          eligible.add(n);
        } else {
          excluded.put(n.id(), why);
        }
      }
      out.put(module.name(), new ModulePlacement(module.name(), eligible, gpu, excluded));
    }
    return out;
  }
}
