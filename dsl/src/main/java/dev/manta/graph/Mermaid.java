package dev.manta.graph;

import dev.manta.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a swarm graph as a Mermaid flowchart ({@code flowchart LR}): one node per task alias,
 * labelled with the alias, and one arrow per edge, labelled with its condition where it is not
 * {@link Condition#FINISHED}. The text is deterministic: tasks and edges in declaration order.
 */
public final class Mermaid {
  private Mermaid() {}

  /** The flowchart of {@code graph}, ending in a newline. */
  public static String render(SwarmGraph graph) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    Map<String, String> ids = new HashMap<>();
    List<TaskSpec> tasks = graph.tasks();
    for (TaskSpec t : tasks) {
      if (!ids.containsKey(t.alias())) {
        String id = "t" + ids.size();
        ids.put(t.alias(), id);
        out.append("  ").append(id).append("[\"").append(escape(t.alias())).append("\"]\n");
      }
    }
    for (TaskSpec t : tasks) {
      for (Edge e : t.upstream()) {
        String from = ids.get(e.from());
        if (from == null) {
          continue;
        }
        out.append("  ").append(from)
            .append(e.condition() == Condition.FINISHED ? " --> " : " -->|" + e.condition().name() + "| ")
            .append(ids.get(t.alias())).append('\n');
      }
    }
    return out.toString();
  }

  private static String escape(String label) {
    return label.replace("\"", "#quot;");
  }
}
