package dev.manta.runtime.conductor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picking up a task the journal shows as started: what ended stays ended, what was offered or
 * running when the old conductor died runs again (same id and node, a new attempt token), and the
 * planned instances it had not recorded yet are created.
 */
final class Recovery {
  private Recovery() {}

  /**
   * @param toOffer the recorded instances to offer again
   * @param toCreate nodes of the first pick without a recorded instance
   * @param nodes every node of the task, sorted
   */
  record Plan(List<WorldStore.Instance> toOffer, List<String> toCreate, List<String> nodes) {}

  /** The plan for a task, or {@code null} if the journal never started it. */
  static Plan plan(List<WorldStore.Instance> recorded, List<String> planned) {
    if (planned == null && recorded.isEmpty()) {
      return null;
    }
    Set<String> have = new HashSet<>();
    List<WorldStore.Instance> toOffer = new ArrayList<>();
    for (WorldStore.Instance i : recorded) {
      have.add(i.node);
      if (!i.state.ended()) {
        toOffer.add(i);
      }
    }
    List<String> nodes = new ArrayList<>(have);
    List<String> toCreate = new ArrayList<>();
    if (planned != null) {
      for (String node : planned) {
        if (have.add(node)) {
          toCreate.add(node);
          nodes.add(node);
        }
      }
    }
    return new Plan(toOffer, toCreate, nodes.stream().sorted().toList());
  }
}
