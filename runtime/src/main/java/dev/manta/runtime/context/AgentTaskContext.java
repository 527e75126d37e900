package dev.manta.runtime.context;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.manta.Globals;
import dev.manta.LocalData;
import dev.manta.Results;
import dev.manta.TaskContext;
import dev.manta.TaskLog;
import dev.manta.TypeRef;
import dev.manta.World;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorLink;
import dev.manta.runtime.transport.Reply;
import dev.manta.validation.GraphValidator;
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
 * The {@link TaskContext} of one running instance: globals, results, logs and world calls go to
 * the conductor through a {@link ConductorLink}; local data comes from the node's datasets.
 */
public final class AgentTaskContext implements TaskContext {
  private final Assignment assignment;
  private final NodeSpec node;
  private final ConductorLink link;
  private final Globals globals = new LinkedGlobals();
  private final Results results = new LinkedResults();
  private final LocalData local = new NodeData();
  private final World world = new LinkedWorld();
  private final TaskLog log = new LinkedLog();

  public AgentTaskContext(Assignment assignment, NodeSpec node, ConductorLink link) {
    this.assignment = assignment;
    this.node = node;
    this.link = link;
  }

  @Override
  public Globals globals() {
    return globals;
  }

  @Override
  public Results results() {
    return results;
  }

  @Override
  public LocalData local() {
    return local;
  }

  @Override
  public World world() {
    return world;
  }

  @Override
  public TaskLog log() {
    return log;
  }

  private JsonNode call(AgentMessage message) {
    Reply reply = link.send(message);
    if (!reply.ok()) {
      throw new IllegalStateException(reply.error());
    }
    return reply.value();
  }

  private static <T> T convert(JsonNode value, JavaType type, String what) {
    try {
      return RawJson.read(value, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " holds " + abbreviate(value) + ", which cannot be read as "
          + type.toCanonical() + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(JsonNode value) {
    String s = String.valueOf(value);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  /**
   * {@code value} as a {@link RawJson} node, never a tree: a private copy of a primitive array or
   * scalar (written as text only if the text is needed), anything else written as JSON text at once.
   */
  private static JsonNode toJsonText(Object value, String what) {
    if (value == null) {
      return NullNode.getInstance();
    }
    try {
      return RawJson.snapshot(value);
    } catch (IOException e) {
      // Jackson's reason, in the same words as for a tree
      try {
        Json.toTree(value);
      } catch (IllegalArgumentException reason) {
        throw notJson(value, what, reason);
      }
      throw notJson(value, what, new IllegalArgumentException(e.getMessage(), e));
    }
  }

  private static IllegalArgumentException notJson(Object value, String what, IllegalArgumentException e) {
    return new IllegalArgumentException(what + ": a " + value.getClass().getName()
        + " cannot be written as JSON (" + e.getMessage() + "); use numbers, strings, arrays, lists, maps or records", e);
  }

  private final class LinkedGlobals implements Globals {
    @Override
    public <T> T get(String name, Class<T> type) {
      return this.<T>find(name, Json.mapper().constructType(type)).orElseThrow(() -> unset(name));
    }

    @Override
    public <T> T get(String name, TypeRef<T> type) {
      return this.<T>find(name, Json.mapper().constructType(type.type())).orElseThrow(() -> unset(name));
    }

    @Override
    public <T> Optional<T> find(String name, Class<T> type) {
      return this.<T>find(name, Json.mapper().constructType(type));
    }

    private <T> Optional<T> find(String name, JavaType type) {
      JsonNode answer = call(new AgentMessage.ReadGlobal(assignment.instanceId(), assignment.token(), name));
      if (answer == null || !answer.path("set").asBoolean()) {
        return Optional.empty();
      }
      return Optional.ofNullable(convert(answer.get("value"), type, "global '" + name + "'"));
    }

    private NoSuchElementException unset(String name) {
      Set<String> known = names();
      if (known.isEmpty()) {
        return new NoSuchElementException("global '" + name + "' is not set; no global is set yet");
      }
      String list = String.join(", ", known);
      return new NoSuchElementException("global '" + name + "' is not set; " + GraphValidator.closest(name, known)
          .map(c -> "did you mean '" + c + "'? (known: " + list + ")").orElse("known: " + list));
    }

    @Override
    public void set(String name, Object value) {
      call(new AgentMessage.WriteGlobal(assignment.instanceId(), assignment.token(), name, toJsonText(value, "global '" + name + "'")));
    }

    @Override
    public boolean contains(String name) {
      JsonNode answer = call(new AgentMessage.ReadGlobal(assignment.instanceId(), assignment.token(), name));
      return answer != null && answer.path("set").asBoolean();
    }

    @Override
    public Set<String> names() {
      Set<String> out = new TreeSet<>();
      JsonNode list = call(new AgentMessage.GlobalNames(assignment.instanceId(), assignment.token()));
      if (list != null) {
        list.forEach(n -> out.add(n.asText()));
      }
      return Collections.unmodifiableSet(out);
    }
  }

  private final class LinkedResults implements Results {
    @Override
    public void add(String tag, Object value) {
      call(new AgentMessage.AddResult(assignment.instanceId(), assignment.token(), tag, toJsonText(value, "result '" + tag + "'")));
    }

    @Override
    public <T> Map<String, T> select(String tag, Class<T> type) {
      return select(assignment.iteration(), tag, type);
    }

    @Override
    public <T> void forEach(String tag, Class<T> type, java.util.function.BiConsumer<String, ? super T> action) {
      java.util.Objects.requireNonNull(action, "action");
      each(assignment.iteration(), tag, type, action);
    }

    @Override
    public <T> Map<String, T> select(int iteration, String tag, Class<T> type) {
      Map<String, T> out = new TreeMap<>();
      each(iteration, tag, type, out::put);
      return Collections.unmodifiableMap(out);
    }

    /**
     * Hands each value of {@code iteration} under {@code tag}, by key (sorted), to {@code action} as
     * {@code type}: the reply holds the stored values (no copies), each converted when its turn comes.
     */
    private <T> void each(int iteration, String tag, Class<T> type, java.util.function.BiConsumer<String, ? super T> action) {
      JavaType javaType = Json.mapper().constructType(type);
      stored(iteration, tag).forEach((key, value) -> action.accept(key,
          convert(value, javaType, "result '" + tag + "' of node '" + key + "'")));
    }

    /** The values of {@code iteration} under {@code tag} as the conductor answered them, by key (sorted). */
    private Map<String, JsonNode> stored(int iteration, String tag) {
      int current = assignment.iteration();
      if (iteration < 1) {
        throw new IllegalArgumentException("iteration " + iteration + " does not exist: iterations count from 1 (the "
            + "original SDK's 0-based iteration k is k + 1 here); this instance runs in iteration " + current);
      }
      if (iteration > current) {
        throw new IllegalArgumentException("iteration " + iteration + " has not run yet: this instance runs in "
            + "iteration " + current + ", and results of later iterations cannot be read");
      }
      JsonNode byNode = call(new AgentMessage.SelectResults(assignment.instanceId(), assignment.token(), iteration, tag));
      Map<String, JsonNode> out = new TreeMap<>();
      if (byNode != null) {
        byNode.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
      }
      return out;
    }

    @Override
    public <T> List<Value<T>> last(int iterations, String tag, Class<T> type) {
      List<Value<T>> out = new ArrayList<>();
      for (int i = firstOf(iterations); i <= assignment.iteration(); i++) {
        int iteration = i;
        select(iteration, tag, type).forEach((key, value) -> out.add(new Value<>(iteration, key, value)));
      }
      return List.copyOf(out);
    }

    @Override
    public <T> Map<String, Value<T>> latest(int iterations, String tag, Class<T> type) {
      Map<String, Value<T>> out = new TreeMap<>();
      for (Value<T> v : last(iterations, tag, type)) {
        out.put(v.key(), v); // oldest first, so the latest iteration wins
      }
      return Collections.unmodifiableMap(out);
    }

    private int firstOf(int iterations) {
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations is " + iterations + "; look back at least 1 iteration (1 is"
            + " this one only, as select(tag, type))");
      }
      return Math.max(1, assignment.iteration() - iterations + 1);
    }
  }

  private final class NodeData implements LocalData {
    @Override
    public Set<String> names() {
      return node.datasets().keySet();
    }

    @Override
    public Path path(String dataset) {
      Path p = node.dataset(dataset).orElse(null);
      if (p == null) {
        throw new NoSuchElementException("node '" + node.id() + "' has no dataset '" + dataset + "'; it has: "
            + String.join(", ", node.datasets().keySet()) + ". Declare it in the module's datasets so the task only"
            + " runs on nodes that hold it");
      }
      return p;
    }

    @Override
    public byte[] bytes(String dataset) throws IOException {
      Path p = path(dataset);
      if (Files.isDirectory(p)) {
        throw new IOException("dataset '" + dataset + "' on node '" + node.id() + "' is a folder (" + p
            + "); read its files with list()");
      }
      return Files.readAllBytes(p);
    }

    @Override
    public List<Path> list(String dataset) throws IOException {
      Path p = path(dataset);
      if (!Files.isDirectory(p)) {
        return List.of(p);
      }
      try (Stream<Path> files = Files.walk(p)) {
        List<Path> out = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        return List.copyOf(out);
      }
    }
  }

  private final class LinkedWorld implements World {
    @Override
    public String swarmName() {
      return assignment.swarm();
    }

    @Override
    public String taskAlias() {
      return assignment.alias();
    }

    @Override
    public String nodeId() {
      return assignment.nodeId();
    }

    @Override
    public int iteration() {
      return assignment.iteration();
    }

    @Override
    public void scheduleNextIteration(Collection<String> nodeIds, String alias) {
      call(new AgentMessage.NextIteration(assignment.instanceId(), assignment.token(), alias, List.copyOf(nodeIds)));
    }

    @Override
    public void stopSwarm() {
      call(new AgentMessage.Stop(assignment.instanceId(), assignment.token()));
    }
  }

  private final class LinkedLog implements TaskLog {
    @Override
    public void debug(String format, Object... args) {
      send("DEBUG", format, args);
    }

    @Override
    public void info(String format, Object... args) {
      send("INFO", format, args);
    }

    @Override
    public void warn(String format, Object... args) {
      send("WARN", format, args);
    }

    @Override
    public void error(String format, Object... args) {
      send("ERROR", format, args);
    }

    private void send(String level, String format, Object... args) {
      String text = args.length == 0 ? format : String.format(format, args);
      call(new AgentMessage.Log(assignment.instanceId(), assignment.token(), level, text));
    }
  }
}
