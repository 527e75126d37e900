package dev.manta.runtime.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.manta.graph.ResourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Node lists for local runs: {@code count} identical nodes, or a JSON/YAML file of the form
 * <pre>{@code
 * nodes:
 *   - id: node-1
 *     labels: {zone: a}
 *     gpu: false
 *     datasets: {digits: data/digits}   # relative to the file's folder
 *     capacity: {cpu: 8, memory: 16Gi}  # optional: what BEST_RESOURCES ranks nodes by
 * }</pre>
 * Files ending in {@code .yaml}/{@code .yml} are read as YAML, others as JSON. Or a folder per node:
 * {@link #fromDirectory}.
 */
public final class Nodes {
  private static final List<String> NODE_FIELD_ORDER = List.of("id", "labels", "gpu", "datasets", "capacity");
  private static final Set<String> NODE_FIELDS = Set.copyOf(NODE_FIELD_ORDER);

  private Nodes() {}

  /** {@code node-1 … node-count}, identical, without datasets. */
  public static List<NodeSpec> count(int count) {
    if (count < 1) {
      throw new NodeSpecException("a local run needs at least 1 node, not " + count);
    }
    List<NodeSpec> out = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      out.add(NodeSpec.of("node-" + i));
    }
    return List.copyOf(out);
  }

  /** Reads and checks a nodes file; every error names the file, the node and what to fix. */
  public static List<NodeSpec> read(Path file) {
    String where = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new NodeSpecException(where + ": nodes file not found; create it or fix the path");
    }
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml") ? new YAMLMapper() : new JsonMapper();
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new NodeSpecException(where + ": not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON") + ": "
          + e.getOriginalMessage() + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
    } catch (IOException e) {
      throw new NodeSpecException(where + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.has("nodes")) {
      throw new NodeSpecException(where + ": expected a top-level field 'nodes' holding a list of nodes, e.g. "
          + "nodes: [{id: node-1}]");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("nodes")) {
        throw new NodeSpecException(where + ": unknown top-level field '" + field + "'; the file holds only 'nodes'");
      }
    }
    JsonNode list = root.get("nodes");
    if (!list.isArray() || list.isEmpty()) {
      throw new NodeSpecException(where + ": 'nodes' must be a non-empty list of nodes");
    }
    Path base = file.toAbsolutePath().getParent();
    List<NodeSpec> nodes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      NodeSpec node = readNode(where, base, i, list.get(i), problems);
      if (node == null) {
        continue;
      }
      Integer first = ids.putIfAbsent(node.id(), i);
      if (first != null) {
        problems.add(where + ": node '" + node.id() + "' (nodes[" + i + "]) is declared twice (first as nodes[" + first
            + "]); give every node its own id");
      }
      nodes.add(node);
    }
    if (problems.size() == 1) {
      throw new NodeSpecException(problems.get(0));
    }
    if (!problems.isEmpty()) {
      throw new NodeSpecException(where + ": " + problems.size() + " problems:\n  - "
          + String.join("\n  - ", problems));
    }
    return List.copyOf(nodes);
  }

  /** Reads node {@code index}; adds every problem it has to {@code problems} and returns {@code null} if any. */
  private static NodeSpec readNode(String where, Path base, int index, JsonNode n, List<String> problems) {
    String at = "nodes[" + index + "]";
    if (!n.isObject()) {
      problems.add(where + ": " + at + " must be an object like {id: node-1}");
      return null;
    }
    int before = problems.size();
    JsonNode idNode = n.get("id");
    String id = null;
    if (idNode == null || idNode.isNull() || idNode.isTextual() && idNode.asText().isEmpty()) {
      problems.add(where + ": " + at + " has no 'id'; give it one (" + NodeSpec.ID_RULE + ")");
    } else if (idNode.isTextual() || idNode.isIntegralNumber()) {
      // YAML reads "id: 5" as a number; it is the id "5".
      id = idNode.asText();
    } else {
      problems.add(where + ": " + at + " has id " + idNode + ", which is not text; write it as text, e.g. id: node-1");
    }
    String node = id == null ? at : "node '" + id + "' (" + at + ")";
    if (id != null && !NodeSpec.ID_PATTERN.matcher(id).matches()) {
      problems.add(where + ": " + node + " has a bad id; use " + NodeSpec.ID_RULE);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!NODE_FIELDS.contains(field)) {
        String hint = dev.manta.validation.GraphValidator.closest(field, NODE_FIELD_ORDER)
            .map(f -> " (did you mean '" + f + "'?)").orElse("");
        problems.add(where + ": " + node + " has unknown field '" + field + "'" + hint + "; allowed: "
            + String.join(", ", NODE_FIELD_ORDER));
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode l = n.get("labels");
    if (l != null && !l.isNull()) {
      if (!l.isObject()) {
        problems.add(where + ": " + node + ": 'labels' must be a map of strings");
      } else {
        l.fields().forEachRemaining(e -> {
          if (!e.getValue().isValueNode()) {
            problems.add(where + ": " + node + ": label '" + e.getKey() + "' must be a plain value");
          } else {
            labels.put(e.getKey(), e.getValue().asText());
          }
        });
      }
    }
    boolean gpu = false;
    JsonNode g = n.get("gpu");
    if (g != null && !g.isNull()) {
      if (!g.isBoolean()) {
        problems.add(where + ": " + node + ": 'gpu' must be true or false, not " + g);
      }
      gpu = g.asBoolean();
    }
    Map<String, Path> datasets = new LinkedHashMap<>();
    JsonNode d = n.get("datasets");
    if (d != null && !d.isNull()) {
      if (!d.isObject()) {
        problems.add(where + ": " + node + ": 'datasets' must map dataset names to paths");
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
            problems.add(where + ": " + node + ": dataset '" + e.getKey() + "' must be a path");
            continue;
          }
          Path p = base.resolve(e.getValue().asText()).normalize();
          if (!Files.exists(p)) {
            problems.add(where + ": " + node + ": dataset '" + e.getKey() + "' points to " + p
                + ", which does not exist; create the file or folder, or fix the path (relative paths start at the "
                + "nodes file's folder)");
          }
          datasets.put(e.getKey(), p);
        }
      }
    }
    ResourceSpec capacity = capacity(where, node, n.get("capacity"), problems);
    return problems.size() > before ? null : new NodeSpec(id, labels, gpu, datasets, capacity);
  }

  /** The optional {@code capacity: {cpu: 8, memory: 16Gi}} of a node; {@code null} when absent or bad. */
  private static ResourceSpec capacity(String where, String node, JsonNode c, List<String> problems) {
    if (c == null || c.isNull()) {
      return null;
    }
    String example = "; write e.g. capacity: {cpu: 8, memory: 16Gi}";
    if (!c.isObject() || !c.has("cpu") || !c.has("memory") || c.size() != 2) {
      problems.add(where + ": " + node + ": 'capacity' must hold exactly 'cpu' and 'memory'" + example);
      return null;
    }
    JsonNode cpu = c.get("cpu");
    JsonNode memory = c.get("memory");
    int before = problems.size();
    if (!cpu.isNumber() || !(cpu.asDouble() > 0)) {
      problems.add(where + ": " + node + ": capacity cpu must be a positive number of cores, not " + cpu + example);
    }
    String quantity = memory.isValueNode() ? memory.asText() : "";
    if (dev.manta.graph.MemoryQuantity.bytes(quantity).isEmpty()) {
      problems.add(where + ": " + node + ": capacity memory " + memory + " is not a quantity; write "
          + dev.manta.graph.MemoryQuantity.SYNTAX);
    }
    return problems.size() > before ? null : new ResourceSpec(cpu.asDouble(), quantity);
  }

  /**
   * Nodes from a folder tree: every sub-folder of {@code root} is a node named after the folder
   * (sorted by name), and every file or folder inside it a dataset named after it without its
   * extension ({@code node-1/digits.csv} is dataset {@code digits} of node {@code node-1}). Hidden
   * entries (starting with '.') are skipped; files directly in {@code root} are ignored.
   */
  public static List<NodeSpec> fromDirectory(Path root) {
    if (!Files.isDirectory(root)) {
      throw new NodeSpecException(root + ": nodes folder not found; create it with one sub-folder per node "
          + "(e.g. " + root.resolve("node-1") + "/data.csv), or fix the path");
    }
    List<Path> folders;
    try (var entries = Files.list(root)) {
      folders = entries.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList();
    } catch (IOException e) {
      throw new NodeSpecException(root + ": cannot list the nodes folder: " + e.getMessage(), e);
    }
    if (folders.isEmpty()) {
      throw new NodeSpecException(root + ": the nodes folder holds no sub-folder; create one per node, "
          + "e.g. " + root.resolve("node-1"));
    }
    List<NodeSpec> nodes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path folder : folders) {
      String id = folder.getFileName().toString();
      if (!NodeSpec.ID_PATTERN.matcher(id).matches()) {
        problems.add(folder + ": folder name '" + id + "' is not a valid node id; rename it using "
            + NodeSpec.ID_RULE);
        continue;
      }
      Map<String, Path> datasets = new LinkedHashMap<>();
      List<Path> entries;
      try (var list = Files.list(folder)) {
        entries = list.filter(p -> !hidden(p)).sorted().toList();
      } catch (IOException e) {
        problems.add(folder + ": cannot list node '" + id + "': " + e.getMessage());
        continue;
      }
      for (Path entry : entries) {
        String name = datasetName(entry);
        Path before = datasets.putIfAbsent(name, entry.toAbsolutePath().normalize());
        if (before != null) {
          problems.add(folder + ": node '" + id + "' has two entries for dataset '" + name + "' ("
              + before.getFileName() + " and " + entry.getFileName() + "); keep one, or rename the other");
        }
      }
      nodes.add(new NodeSpec(id, Map.of(), false, datasets));
    }
    if (problems.size() == 1) {
      throw new NodeSpecException(problems.get(0));
    }
    if (!problems.isEmpty()) {
      throw new NodeSpecException(root + ": " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
    }
    return List.copyOf(nodes);
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  /** A dataset's name from its file or folder: the name up to its last '.' (folders keep theirs whole). */
  private static String datasetName(Path entry) {
    String file = entry.getFileName().toString();
    if (Files.isDirectory(entry)) {
      return file;
    }
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** Checks a list built in code: ids unique, dataset paths present. */
  public static List<NodeSpec> check(List<NodeSpec> nodes) {
    if (nodes.isEmpty()) {
      throw new NodeSpecException("a local run needs at least 1 node; pass nodes(count) or nodes(NodeSpec...)");
    }
    Set<String> ids = new HashSet<>();
    for (NodeSpec n : nodes) {
      if (!ids.add(n.id())) {
        throw new NodeSpecException("node '" + n.id() + "' is declared twice; give every node its own id");
      }
      n.datasets().forEach((name, path) -> {
        if (!Files.exists(path)) {
          throw new NodeSpecException("node '" + n.id() + "': dataset '" + name + "' points to " + path
              + ", which does not exist; create the file or folder, or fix the path");
        }
      });
    }
    return List.copyOf(nodes);
  }
}
