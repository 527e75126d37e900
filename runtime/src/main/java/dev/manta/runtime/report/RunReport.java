package dev.manta.runtime.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.TypeRef;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The outcome of a swarm run, immutable: status, failure, iterations, final globals, results
 * (iteration → tag → node → value) and every task instance with its node, state and logs.
 *
 * <p>A report of the engine reads results one iteration at a time from where the run left them
 * ({@link Results}): the latest iterations from memory, earlier ones from a file of the report's own
 * (deleted when the report is no longer reachable), so a report of a long run does not hold every
 * round's values on the heap. {@link #results(int, String)} and {@link #results(int, String, Class)}
 * read one iteration; {@link #results()} and {@link #toJsonTree()} build every value at once;
 * {@link ReportFiles#write} writes {@code results.json} an iteration at a time.
 */
public final class RunReport {
  /**
   * Where a report reads its results, an iteration at a time: the iterations that have results,
   * and one iteration's values, tag → node → value, sorted (a value may be raw JSON,
   * {@link RawJson}). Implementations are thread-safe and read-only.
   */
  public interface Results {
    /** The iterations with at least one result, ascending. */
    SortedSet<Integer> iterations();

    /** The results of {@code iteration}, tag → node → value, sorted; empty if it has none. */
    Map<String, Map<String, JsonNode>> read(int iteration);
  }

  private final String swarm;
  private final RunStatus status;
  private final String failure;
  private final int iterations;
  private final Map<String, JsonNode> globals;
  /** Values may be raw JSON text ({@link RawJson}): turned into trees only when asked for as trees. */
  private final Results results;
  private Map<Integer, Map<String, Map<String, JsonNode>>> trees;
  private final List<InstanceReport> instances;
  private final boolean resumed;

  /** A report whose results are all in {@code results}; the maps are copied into sorted, unmodifiable ones. */
  public RunReport(String swarm, RunStatus status, String failure, int iterations, Map<String, JsonNode> globals,
      Map<Integer, ? extends Map<String, ? extends Map<String, JsonNode>>> results, List<InstanceReport> instances,
      boolean resumed) {
    this(swarm, status, failure, iterations, globals, new InMemory(results), instances, resumed);
  }

  /** A report that reads its results from {@code results} when asked (built by the conductor). */
  public RunReport(String swarm, RunStatus status, String failure, int iterations, Map<String, JsonNode> globals,
      Results results, List<InstanceReport> instances, boolean resumed) {
    this.swarm = swarm;
    this.status = status;
    this.failure = failure;
    this.iterations = iterations;
    this.globals = Collections.unmodifiableMap(new TreeMap<>(globals));
    this.results = Objects.requireNonNull(results, "results");
    this.instances = List.copyOf(instances);
    this.resumed = resumed;
  }

  /** Results held in sorted, unmodifiable maps. */
  private static final class InMemory implements Results {
    private final SortedMap<Integer, Map<String, Map<String, JsonNode>>> byIteration = new TreeMap<>();

    InMemory(Map<Integer, ? extends Map<String, ? extends Map<String, JsonNode>>> results) {
      results.forEach((i, byTag) -> {
        Map<String, Map<String, JsonNode>> tags = new TreeMap<>();
        byTag.forEach((tag, byNode) -> tags.put(tag, Collections.unmodifiableMap(new TreeMap<>(byNode))));
        byIteration.put(i, Collections.unmodifiableMap(tags));
      });
    }

    @Override
    public SortedSet<Integer> iterations() {
      return Collections.unmodifiableSortedSet(new TreeSet<>(byIteration.keySet()));
    }

    @Override
    public Map<String, Map<String, JsonNode>> read(int iteration) {
      return byIteration.getOrDefault(iteration, Map.of());
    }
  }

  public String swarm() {
    return swarm;
  }

  public RunStatus status() {
    return status;
  }

  /** Why the run failed; empty unless {@link RunStatus#FAILED}. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** How many iterations started. */
  public int iterations() {
    return iterations;
  }

  /** Whether this run picked up a journal a previous conductor left. */
  public boolean resumed() {
    return resumed;
  }

  /** The final globals as JSON, by name. */
  public Map<String, JsonNode> globals() {
    return globals;
  }

  /** The final globals as one JSON object, keys sorted. */
  public String globalsJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    globals.forEach(o::set);
    try {
      return Json.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A final global as {@code type}. */
  public <T> T global(String name, Class<T> type) {
    return Json.mapper().convertValue(requireGlobal(name), type);
  }

  /** A final global as a generic type. */
  public <T> T global(String name, TypeRef<T> type) {
    return Json.mapper().convertValue(requireGlobal(name), Json.mapper().constructType(type.type()));
  }

  private JsonNode requireGlobal(String name) {
    JsonNode v = globals.get(name);
    if (v == null) {
      throw new NoSuchElementException("global '" + name + "' is not set; set: " + String.join(", ", globals.keySet()));
    }
    return v;
  }

  /**
   * Every result: iteration → tag → node → value, as Jackson trees, all of them in memory at once
   * (built on the first call and kept). For a run with large or many results prefer
   * {@link #results(int, String, Class)}, which reads one iteration and each value once.
   */
  public synchronized Map<Integer, Map<String, Map<String, JsonNode>>> results() {
    if (trees == null) {
      Map<Integer, Map<String, Map<String, JsonNode>>> r = new TreeMap<>();
      for (int i : results.iterations()) {
        Map<String, Map<String, JsonNode>> tags = new TreeMap<>();
        results.read(i).forEach((tag, byNode) -> tags.put(tag, trees(byNode)));
        r.put(i, Collections.unmodifiableMap(tags));
      }
      trees = Collections.unmodifiableMap(r);
    }
    return trees;
  }

  /** The iterations with at least one result, ascending. */
  public SortedSet<Integer> iterationsWithResults() {
    return results.iterations();
  }

  /** The results of {@code iteration} under {@code tag}, by node (empty if none), as trees. */
  public Map<String, JsonNode> results(int iteration, String tag) {
    return trees(slice(iteration, tag));
  }

  /** What {@code results.json} holds for {@code iteration}, tag → node → value (values may be raw), read once. */
  Map<String, Map<String, JsonNode>> read(int iteration) {
    return results.read(iteration);
  }

  private Map<String, JsonNode> slice(int iteration, String tag) {
    return results.read(iteration).getOrDefault(tag, Map.of());
  }

  private static Map<String, JsonNode> trees(Map<String, JsonNode> byNode) {
    if (byNode.values().stream().noneMatch(RawJson::isRaw)) {
      return Collections.unmodifiableMap(byNode);
    }
    Map<String, JsonNode> out = new TreeMap<>();
    byNode.forEach((node, v) -> {
      try {
        out.put(node, RawJson.tree(v));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** The results of {@code iteration} under {@code tag} as {@code type}, by node. */
  public <T> Map<String, T> results(int iteration, String tag, Class<T> type) {
    Map<String, T> out = new TreeMap<>();
    com.fasterxml.jackson.databind.JavaType javaType = Json.mapper().constructType(type);
    slice(iteration, tag).forEach((node, v) -> {
      try {
        out.put(node, RawJson.isRaw(v) ? RawJson.read(v, javaType) : Json.mapper().convertValue(v, type));
      } catch (IOException e) {
        throw new IllegalArgumentException("result '" + tag + "' of " + node + " in iteration " + iteration
            + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** Every instance, in the order they were created. */
  public List<InstanceReport> instances() {
    return instances;
  }

  /** The instances of task {@code alias}, in every iteration. */
  public List<InstanceReport> instances(String alias) {
    return instances.stream().filter(i -> i.alias().equals(alias)).toList();
  }

  /** The instances of task {@code alias} in {@code iteration}. */
  public List<InstanceReport> instances(String alias, int iteration) {
    return instances.stream().filter(i -> i.alias().equals(alias) && i.iteration() == iteration).toList();
  }

  /** The nodes task {@code alias} had an instance on in {@code iteration}, sorted. */
  public SortedSet<String> nodes(String alias, int iteration) {
    return instances(alias, iteration).stream().map(InstanceReport::node)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The nodes where task {@code alias} succeeded in {@code iteration}, sorted. */
  public SortedSet<String> succeededNodes(String alias, int iteration) {
    return nodesIn(alias, iteration, InstanceState.SUCCEEDED);
  }

  /** The nodes where task {@code alias} failed in {@code iteration}, sorted. */
  public SortedSet<String> failedNodes(String alias, int iteration) {
    return nodesIn(alias, iteration, InstanceState.FAILED);
  }

  private SortedSet<String> nodesIn(String alias, int iteration, InstanceState state) {
    return instances(alias, iteration).stream().filter(i -> i.state() == state).map(InstanceReport::node)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Returns this report if the run ended with {@code expected}, else throws with the failure and a summary. */
  public RunReport requireStatus(RunStatus expected) {
    if (status != expected) {
      throw new AssertionError("swarm '" + swarm + "' ended " + status + ", expected " + expected
          + (failure == null ? "" : ": " + failure) + "\n" + summary());
    }
    return this;
  }

  /** Shorthand for {@code requireStatus(COMPLETED)}. */
  public RunReport requireCompleted() {
    return requireStatus(RunStatus.COMPLETED);
  }

  /**
   * The whole report as one JSON document, keys in a fixed order: {@code swarm}, {@code status},
   * {@code failure}, {@code iterations}, {@code resumed}, {@code globals}, {@code results}
   * (iteration → tag → node → value) and {@code instances}.
   */
  public String toJson() {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJsonTree());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The document of {@link #toJson()} as a fresh tree, which the caller may change (every result in it). */
  public ObjectNode toJsonTree() {
    ObjectNode root = withoutResults();
    ObjectNode r = Json.mapper().createObjectNode();
    for (int i : results.iterations()) {
      ObjectNode byTag = r.putObject(String.valueOf(i));
      results.read(i).forEach((tag, byNode) -> byTag.set(tag, Json.mapper().valueToTree(trees(byNode))));
    }
    root.set("results", r);
    root.set("instances", root.remove("instances")); // keep the documented key order
    return root;
  }

  /** {@link #toJsonTree()} without its {@code results}. */
  ObjectNode withoutResults() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("swarm", swarm);
    root.put("status", status.name());
    root.put("failure", failure);
    root.put("iterations", iterations);
    root.put("resumed", resumed);
    root.set("globals", Json.mapper().valueToTree(globals));
    root.set("instances", Json.mapper().valueToTree(instances));
    return root;
  }

  /** One line per instance: id, state, error. */
  public String summary() {
    return instances.stream()
        .map(i -> "  " + i.id() + " " + i.state() + (i.error() == null ? "" : " " + i.error()))
        .collect(Collectors.joining("\n"));
  }

  @Override
  public String toString() {
    return "RunReport[" + swarm + " " + status + ", " + iterations + " iteration(s)"
        + (failure == null ? "" : ", " + failure) + "]";
  }
}
