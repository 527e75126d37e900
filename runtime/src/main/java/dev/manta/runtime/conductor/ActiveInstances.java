package dev.manta.runtime.conductor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances that have been offered and not ended, indexed by node, so that the in-flight check
 * is O(1) and a lost node finds its instances without a scan. Guarded by the conductor's lock.
 */
final class ActiveInstances {
  private final Map<String, Set<WorldStore.Instance>> byNode = new HashMap<>();
  private int count;

  /** Counts {@code instance} as active; {@code false} if it already was. */
  boolean add(WorldStore.Instance instance) {
    boolean added = byNode.computeIfAbsent(instance.node, k -> new LinkedHashSet<>()).add(instance);
    if (added) {
      count++;
    }
    return added;
  }

  /** Stops counting {@code instance}; {@code false} if it was not active. */
  boolean remove(WorldStore.Instance instance) {
    Set<WorldStore.Instance> onNode = byNode.get(instance.node);
    // An empty set stays: at most one per node, and no churn per instance.
    if (onNode != null && onNode.remove(instance)) {
      count--;
      return true;
    }
    return false;
  }

  /** How many instances are active. */
  int count() {
    return count;
  }

  /** The active instances of {@code node}, in the order they became active (a copy). */
  List<WorldStore.Instance> on(String node) {
    return new ArrayList<>(byNode.getOrDefault(node, Set.of()));
  }

  /** Every active instance (a copy), node by node. */
  List<WorldStore.Instance> all() {
    List<WorldStore.Instance> out = new ArrayList<>(count);
    byNode.values().forEach(out::addAll);
    return out;
  }
}
