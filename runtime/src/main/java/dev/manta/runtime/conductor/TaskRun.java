package dev.manta.runtime.conductor;

import dev.manta.graph.ModuleSpec;
import dev.manta.graph.TaskSpec;
import dev.manta.runtime.report.InstanceState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One task in the current iteration: its instances and counters kept up to date on every change,
 * so each event costs O(1) whatever the task's width.
 */
final class TaskRun {
  final TaskSpec spec;
  final ModuleSpec module;
  boolean started;
  boolean done;
  final List<WorldStore.Instance> instances = new ArrayList<>();
  final Set<String> tried = new HashSet<>();
  /** Instances not ended yet. */
  int active;
  int succeeded;
  /** The highest try number so far (ANY counts one per node tried). */
  int attempts;
  /** The timeout of its instances, in ms (0 until the first instance asks). */
  long timeoutMillis;
  /** With {@code fixed = true}: the nodes where the task succeeded in iteration 1 (computed once). */
  Set<String> pinned;

  TaskRun(TaskSpec spec, ModuleSpec module) {
    this.spec = spec;
    this.module = module;
  }

  String alias() {
    return spec.alias();
  }

  /** Counts {@code instance}, which is new to this task (or recorded before a resume). */
  void add(WorldStore.Instance instance) {
    instances.add(instance);
    tried.add(instance.node);
    attempts = Math.max(attempts, instance.attempt);
    if (instance.state.ended()) {
      if (instance.state == InstanceState.SUCCEEDED) {
        succeeded++;
      }
    } else {
      active++;
    }
  }

  /** Counts the end of one of its instances (call once, when it ends). */
  void ended(InstanceState state) {
    active--;
    if (state == InstanceState.SUCCEEDED) {
      succeeded++;
    }
  }
}
