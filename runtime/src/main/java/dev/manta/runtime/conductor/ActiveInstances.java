package dev.manta.runtime.conductor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances that have been offered and not ended, indexed by node, so that the in-flight check
 * is O(1) and a lost node finds its instances without a scan. A node holds one instance at a time
 * in most runs, so its entry is that instance itself, and a list only while it holds several: a
 * wide task costs one map entry per node, not one set. Guarded by the conductor's lock.
 */
final class ActiveInstances {
  /** Node → its one active instance, or a list of them (in the order they became active). */
  private final Map<String, Object> byNode;
  private int count;

  ActiveInstances() {
    this(0);
  }

  /** @param nodes how many nodes the run has (the index is made that big at once) */
  ActiveInstances(int nodes) {
    byNode = new HashMap<>((int) Math.min(1 << 30, nodes * 4L / 3 + 1));
  }

  /** Counts {@code instance} as active; {@code false} if it already was. */
  boolean add(WorldStore.Instance instance) {
    Object held = byNode.putIfAbsent(instance.node, instance);
    if (held == null) {
      count++;
      return true;
    }
    if (held == instance) {
      return false;
    }
    List<WorldStore.Instance> list = list(held);
    if (list.contains(instance)) {
      return false;
    }
    if (list != held) {
      byNode.put(instance.node, list);
    }
    list.add(instance);
    count++;
    return true;
  }

  /** Stops counting {@code instance}; {@code false} if it was not active. */
  boolean remove(WorldStore.Instance instance) {
    Object held = byNode.get(instance.node);
    if (held == null) {
      return false;
    }
    if (held == instance) {
      byNode.remove(instance.node);
      count--;
      return true;
    }
    if (held instanceof List<?> list && list.remove(instance)) {
      if (list.isEmpty()) {
        byNode.remove(instance.node);
      }
      count--;
      return true;
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static List<WorldStore.Instance> list(Object held) {
    if (held instanceof List<?> list) {
      return (List<WorldStore.Instance>) list;
    }
    List<WorldStore.Instance> list = new ArrayList<>(2);
    list.add((WorldStore.Instance) held);
    return list;
  }

  /** How many instances are active. */
  int count() {
    return count;
  }

  /** The active instances of {@code node}, in the order they became active (a copy). */
  List<WorldStore.Instance> on(String node) {
    Object held = byNode.get(node);
    return held == null ? new ArrayList<>() : new ArrayList<>(list(held));
  }

  /** Every active instance (a copy), node by node. */
  List<WorldStore.Instance> all() {
    List<WorldStore.Instance> out = new ArrayList<>(count);
    byNode.values().forEach(held -> out.addAll(list(held)));
    return out;
  }
}
