package dev.manta.samples.testkit;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manta.Globals;
import dev.manta.LocalData;
import dev.manta.Results;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.TaskLog;
import dev.manta.TypeRef;
import dev.manta.World;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A single-threaded, in-memory stand-in for the world a task sees, so the samples' task classes
 * can be run in tests before the runtime exists. Globals and results go through JSON, as they do
 * in the runtime, so a task that reads a value back as the wrong type fails here too. The test
 * decides which task runs on which node and when; this class only keeps the state.
 */
public final class InMemoryWorld {
  private static final ObjectMapper JSON = Json.mapper();

  private final String swarmName;
  private final Map<String, JsonNode> globals = new TreeMap<>();
  private final Map<Integer, Map<String, Map<String, JsonNode>>> results = new TreeMap<>();
  private final Map<String, Map<String, Path>> datasets = new TreeMap<>();
  private final List<String> log = new ArrayList<>();
  private int iteration = 1;
  private Schedule scheduled;
  private boolean stopped;

  /** A request for another iteration: {@code alias} runs only on {@code nodeIds}. */
  public record Schedule(Set<String> nodeIds, String alias) {
    public Schedule {
      nodeIds = Collections.unmodifiableSet(new TreeSet<>(nodeIds));
    }
  }

  public InMemoryWorld(String swarmName) {
    this.swarmName = swarmName;
  }

  /** A world holding the constant globals of {@code graph}. */
  public static InMemoryWorld of(SwarmGraph graph) {
    InMemoryWorld w = new InMemoryWorld(graph.name());
    for (GlobalSpec g : graph.globals()) {
      if (g.value() != null) {
        w.globals.put(g.name(), g.value());
      }
    }
    return w;
  }

  /** Sets a global, as launch would. */
  public InMemoryWorld global(String name, Object value) {
    globals.put(name, Json.toTree(value));
    return this;
  }

  /** Gives node {@code nodeId} the dataset {@code name} at {@code path}. */
  public InMemoryWorld dataset(String nodeId, String name, Path path) {
    datasets.computeIfAbsent(nodeId, k -> new TreeMap<>()).put(name, path);
    return this;
  }

  /**
   * Gives each sub-folder of {@code root} a node named after it, holding every file in it as a
   * dataset named after the file without its extension ({@code node-1/digits.csv} → node
   * {@code node-1}, dataset {@code digits}).
   */
  public InMemoryWorld nodeFolders(Path root) throws IOException {
    try (Stream<Path> nodes = Files.list(root)) {
      for (Path node : nodes.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(node)) {
          for (Path f : files.sorted().toList()) {
            String file = f.getFileName().toString();
            int dot = file.indexOf('.');
            dataset(node.getFileName().toString(), dot < 0 ? file : file.substring(0, dot), f);
          }
        }
      }
    }
    return this;
  }

  /** The nodes that hold every one of {@code datasetNames}, sorted. */
  public List<String> nodesWith(String... datasetNames) {
    return datasets.entrySet().stream()
        .filter(e -> e.getValue().keySet().containsAll(List.of(datasetNames)))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Runs one instance of {@code task} as task {@code alias} on {@code nodeId}. */
  public void run(TaskBody task, String alias, String nodeId) throws Exception {
    task.run(new Context(alias, nodeId));
  }

  /**
   * Ends the iteration: returns the schedule a task asked for, or empty when the swarm completes
   * (nothing scheduled or stopped); with a schedule, the next iteration begins.
   */
  public Optional<Schedule> endIteration() {
    Schedule next = stopped ? null : scheduled;
    scheduled = null;
    if (next != null) {
      iteration++;
    }
    return Optional.ofNullable(next);
  }

  public int iteration() {
    return iteration;
  }

  public boolean stopped() {
    return stopped;
  }

  /** A global read back as {@code type}. */
  public <T> T global(String name, Class<T> type) {
    JsonNode v = globals.get(name);
    if (v == null) {
      throw new NoSuchElementException("global '" + name + "' is not set; set: " + globals.keySet());
    }
    return JSON.convertValue(v, type);
  }

  /** The results of {@code iteration} under {@code tag}, by node. */
  public <T> Map<String, T> results(int iteration, String tag, Class<T> type) {
    Map<String, T> out = new TreeMap<>();
    results.getOrDefault(iteration, Map.of()).getOrDefault(tag, Map.of())
        .forEach((node, v) -> out.put(node, JSON.convertValue(v, type)));
    return out;
  }

  /** Every log line so far, as {@code [alias@node] LEVEL message}. */
  public List<String> log() {
    return List.copyOf(log);
  }

  private final class Context implements TaskContext, Results, World, TaskLog {
    private final String alias;
    private final String nodeId;
    private final GlobalsView globalsView = new GlobalsView();
    private final LocalView localView;

    Context(String alias, String nodeId) {
      this.alias = alias;
      this.nodeId = nodeId;
      this.localView = new LocalView(nodeId);
    }

    @Override public Globals globals() { return globalsView; }
    @Override public Results results() { return this; }
    @Override public LocalData local() { return localView; }
    @Override public World world() { return this; }
    @Override public TaskLog log() { return this; }

    // Results
    @Override
    public void add(String tag, Object value) {
      results.computeIfAbsent(iteration, k -> new TreeMap<>()).computeIfAbsent(tag, k -> new TreeMap<>())
          .put(nodeId, Json.toTree(value));
    }

    @Override
    public <T> Map<String, T> select(String tag, Class<T> type) {
      return InMemoryWorld.this.results(iteration, tag, type);
    }

    @Override
    public <T> Map<String, T> select(int iter, String tag, Class<T> type) {
      return InMemoryWorld.this.results(iter, tag, type);
    }

    // World
    @Override public String swarmName() { return swarmName; }
    @Override public String taskAlias() { return alias; }
    @Override public String nodeId() { return nodeId; }
    @Override public int iteration() { return iteration; }

    @Override
    public void scheduleNextIteration(Collection<String> nodeIds, String taskAlias) {
      scheduled = new Schedule(Set.copyOf(nodeIds), taskAlias);
    }

    @Override
    public void stopSwarm() {
      stopped = true;
    }

    // TaskLog
    @Override public void info(String format, Object... args) { line("INFO", format, args); }
    @Override public void warn(String format, Object... args) { line("WARN", format, args); }
    @Override public void error(String format, Object... args) { line("ERROR", format, args); }

    private void line(String level, String format, Object... args) {
      log.add("[" + alias + "@" + nodeId + "] " + level + " " + String.format(java.util.Locale.ROOT, format, args));
    }
  }

  private final class GlobalsView implements Globals {
    @Override
    public <T> T get(String name, Class<T> type) {
      return InMemoryWorld.this.global(name, type);
    }

    @Override
    public <T> T get(String name, TypeRef<T> type) {
      JsonNode v = globals.get(name);
      if (v == null) {
        throw new NoSuchElementException("global '" + name + "' is not set");
      }
      JavaType t = JSON.getTypeFactory().constructType(type.type());
      return JSON.convertValue(v, t);
    }

    @Override
    public <T> Optional<T> find(String name, Class<T> type) {
      JsonNode v = globals.get(name);
      return v == null ? Optional.empty() : Optional.of(JSON.convertValue(v, type));
    }

    @Override
    public void set(String name, Object value) {
      globals.put(name, Json.toTree(value));
    }

    @Override
    public boolean contains(String name) {
      return globals.containsKey(name);
    }

    @Override
    public Set<String> names() {
      return Collections.unmodifiableSet(new TreeSet<>(globals.keySet()));
    }
  }

  private final class LocalView implements LocalData {
    private final String nodeId;

    LocalView(String nodeId) {
      this.nodeId = nodeId;
    }

    private Map<String, Path> mine() {
      return datasets.getOrDefault(nodeId, Map.of());
    }

    @Override
    public Set<String> names() {
      return Collections.unmodifiableSet(new TreeSet<>(mine().keySet()));
    }

    @Override
    public Path path(String dataset) {
      Path p = mine().get(dataset);
      if (p == null) {
        throw new NoSuchElementException("node '" + nodeId + "' holds no dataset '" + dataset + "'; it holds "
            + mine().keySet());
      }
      return p;
    }

    @Override
    public byte[] bytes(String dataset) throws IOException {
      return Files.readAllBytes(path(dataset));
    }

    @Override
    public List<Path> list(String dataset) throws IOException {
      Path p = path(dataset);
      if (!Files.isDirectory(p)) {
        return List.of(p);
      }
      try (Stream<Path> s = Files.walk(p)) {
        return s.filter(Files::isRegularFile).sorted().toList();
      }
    }
  }
}
