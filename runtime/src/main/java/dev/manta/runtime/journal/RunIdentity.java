package dev.manta.runtime.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.runtime.node.NodeSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What makes a run the run its journal belongs to, recorded in {@code swarm-started} and compared
 * when a run resumes the journal: a hash of the graph (its manifest), the task aliases, the node
 * ids and a hash of what the nodes offer (labels, GPU, dataset names; not dataset paths, so moved
 * data folders still resume), and the globals given at launch. The seed is recorded beside it.
 *
 * @param graph the first 16 hex digits of SHA-256 over the graph's manifest
 * @param tasks the graph's task aliases, sorted
 * @param nodes the node ids, sorted
 * @param nodeSpecs the first 16 hex digits of SHA-256 over the nodes' ids, labels, GPU and dataset names
 * @param launchGlobals the globals given at launch (not the swarm's own constants or computed ones), by name
 */
public record RunIdentity(String graph, List<String> tasks, List<String> nodes, String nodeSpecs,
    Map<String, JsonNode> launchGlobals) {
  public RunIdentity {
    Objects.requireNonNull(graph, "graph");
    tasks = List.copyOf(tasks);
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(nodeSpecs, "nodeSpecs");
    Map<String, JsonNode> canonical = new TreeMap<>();
    launchGlobals.forEach((name, value) -> canonical.put(name, canonical(value)));
    launchGlobals = java.util.Collections.unmodifiableMap(canonical);
  }

  /** The value as the journal gives it back (a float and a double of one value compare equal after a resume). */
  private static JsonNode canonical(JsonNode value) {
    try {
      return LineCodec.MAPPER.readTree(LineCodec.MAPPER.writeValueAsString(value));
    } catch (java.io.IOException e) {
      throw new JournalException("launch global value " + value + " is not JSON: " + e.getMessage(), e);
    }
  }

  private static final RunIdentity NONE = new RunIdentity("", List.of(), List.of(), "", Map.of());

  /**
   * The identity of a run without a journal, which nothing records or compares (it costs nothing
   * to make, where {@link #of} hashes the graph and every node).
   */
  public static RunIdentity none() {
    return NONE;
  }

  /** The identity of a run of a valid {@code graph} on {@code nodes} with {@code launchGlobals}. */
  public static RunIdentity of(SwarmGraph graph, Collection<NodeSpec> nodes, Map<String, JsonNode> launchGlobals) {
    String graphHash = hash(ManifestCodec.write(Manifest.of(graph)));
    List<String> tasks = graph.tasks().stream().map(TaskSpec::alias).sorted().toList();
    StringBuilder specs = new StringBuilder();
    List<String> ids = new ArrayList<>();
    nodes.stream().sorted(java.util.Comparator.comparing(NodeSpec::id)).forEach(n -> {
      ids.add(n.id());
      specs.append(n.id()).append('\u0000').append(n.labels()).append('\u0000').append(n.gpu()).append('\u0000')
          .append(n.datasets().keySet()).append('\n');
    });
    return new RunIdentity(graphHash, tasks, ids, hash(specs.toString().getBytes(StandardCharsets.UTF_8)),
        launchGlobals);
  }

  /**
   * Checks that a run of swarm {@code swarm} with {@code seed} and this identity may resume the
   * journal whose first entry is {@code recorded}.
   *
   * @throws JournalException saying everything that differs and how to start afresh
   */
  public void requireResumable(Path journal, JournalEntry recorded, String swarm, long seed) {
    if (!(recorded instanceof JournalEntry.SwarmStarted started) || !started.swarm().equals(swarm)) {
      String owner = recorded instanceof JournalEntry.SwarmStarted s ? "swarm '" + s.swarm() + "'" : "no swarm";
      throw new JournalException("journal " + journal + " belongs to " + owner + ", not to swarm '" + swarm
          + "'; use another journal file, or delete it to start over");
    }
    List<String> differences = new ArrayList<>();
    if (started.seed() != seed) {
      differences.add("seed: the journal's run used " + started.seed() + ", this run " + seed);
    }
    RunIdentity then = started.identity();
    if (then == null) {
      differences.add("the journal records no run identity (written by an older Manta)");
    } else {
      differences.addAll(then.differencesTo(this));
    }
    if (!differences.isEmpty()) {
      throw new JournalException("cannot resume journal " + journal + ": it belongs to a different run of swarm '"
          + swarm + "':\n  - " + String.join("\n  - ", differences) + "\nResume with the same graph, nodes, seed and"
          + " launch globals as the journal's run, or start afresh: delete " + journal + " (mvn manta:run without"
          + " -Dmanta.resume=true does that)");
    }
  }

  /** What differs from {@code now}, one line each; empty if nothing does. */
  List<String> differencesTo(RunIdentity now) {
    List<String> out = new ArrayList<>();
    if (!graph.equals(now.graph)) {
      TreeSet<String> removed = new TreeSet<>(tasks);
      removed.removeAll(now.tasks);
      TreeSet<String> added = new TreeSet<>(now.tasks);
      added.removeAll(tasks);
      String detail = removed.isEmpty() && added.isEmpty() ? "the same tasks, with other settings, edges, modules or"
          + " constant globals"
          : (removed.isEmpty() ? "" : "tasks no longer there: " + String.join(", ", removed))
              + (removed.isEmpty() || added.isEmpty() ? "" : "; ")
              + (added.isEmpty() ? "" : "new tasks: " + String.join(", ", added));
      out.add("graph: the swarm's graph changed since the journal was written (" + detail + ")");
    }
    if (!nodes.equals(now.nodes)) {
      TreeSet<String> missing = new TreeSet<>(nodes);
      missing.removeAll(now.nodes);
      TreeSet<String> extra = new TreeSet<>(now.nodes);
      extra.removeAll(nodes);
      out.add("nodes: the journal's run had " + nodes.size() + " node(s), this run has " + now.nodes.size()
          + (missing.isEmpty() ? "" : "; missing now: " + shortList(missing))
          + (extra.isEmpty() ? "" : "; new now: " + shortList(extra)));
    } else if (!nodeSpecs.equals(now.nodeSpecs)) {
      out.add("nodes: the same node ids, but their labels, GPU or datasets changed");
    }
    TreeSet<String> names = new TreeSet<>(launchGlobals.keySet());
    names.addAll(now.launchGlobals.keySet());
    for (String name : names) {
      JsonNode a = launchGlobals.get(name);
      JsonNode b = now.launchGlobals.get(name);
      if (a == null) {
        out.add("global '" + name + "': given now (" + b + "), not given to the journal's run");
      } else if (b == null) {
        out.add("global '" + name + "': given to the journal's run (" + a + "), not given now");
      } else if (!a.equals(b)) {
        out.add("global '" + name + "': the journal's run had " + a + ", this run " + b);
      }
    }
    return out;
  }

  private static String shortList(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    return all.size() <= 8 ? String.join(", ", all)
        : String.join(", ", all.subList(0, 8)) + " and " + (all.size() - 8) + " more";
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
