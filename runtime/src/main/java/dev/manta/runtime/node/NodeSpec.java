package dev.manta.runtime.node;

import dev.manta.graph.ResourceSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One node a swarm can run on: its id, labels, whether it has a GPU, and its datasets (name → file
 * or folder). Immutable; the {@code with…} methods return copies.
 *
 * @param id the node's id ({@link #ID_RULE})
 * @param labels free-form labels, sorted by key
 * @param gpu whether the node has a GPU
 * @param datasets dataset name → file or folder on this node, sorted by name
 * @param capacity the cores and memory the node offers task instances, or {@code null} when not
 *     declared (then {@link dev.manta.Method#BEST_RESOURCES} ranks it after every node that declares one)
 */
public record NodeSpec(String id, Map<String, String> labels, boolean gpu, Map<String, Path> datasets,
    ResourceSpec capacity) {
  /** Node ids: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters. */
  public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** {@link #ID_PATTERN} in words, for messages. */
  public static final String ID_RULE =
      "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters";

  public NodeSpec {
    Objects.requireNonNull(id, "id");
    if (!ID_PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException("node id '" + id + "' is not valid; use " + ID_RULE);
    }
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    datasets = Collections.unmodifiableMap(new TreeMap<>(datasets));
    if (capacity != null && !(capacity.cpu() > 0 && Double.isFinite(capacity.cpu()))) {
      throw new IllegalArgumentException("node '" + id + "': capacity cpu is " + capacity.cpu()
          + "; declare a positive number of cores, e.g. 8");
    }
    if (capacity != null && dev.manta.graph.MemoryQuantity.bytes(capacity.memory()).isEmpty()) {
      throw new IllegalArgumentException("node '" + id + "': capacity memory '" + capacity.memory()
          + "' is not a quantity; write " + dev.manta.graph.MemoryQuantity.SYNTAX);
    }
  }

  /** A node without declared capacity. */
  public NodeSpec(String id, Map<String, String> labels, boolean gpu, Map<String, Path> datasets) {
    this(id, labels, gpu, datasets, null);
  }

  /** A node with no labels, no GPU and no datasets. */
  public static NodeSpec of(String id) {
    return new NodeSpec(id, Map.of(), false, Map.of());
  }

  public NodeSpec withGpu(boolean hasGpu) {
    return new NodeSpec(id, labels, hasGpu, datasets, capacity);
  }

  /** This node declaring {@code cpu} cores and {@code memory} (a quantity such as {@code 16Gi}) for task instances. */
  public NodeSpec withCapacity(double cpu, String memory) {
    return new NodeSpec(id, labels, gpu, datasets, new ResourceSpec(cpu, memory));
  }

  /**
   * The file or folder of dataset {@code name}: the dataset of that name, else — for a name with an
   * extension, {@code "cifar10.npz"} — the dataset named without it ({@code cifar10}) when its file
   * is called exactly {@code name}. So a task may ask for a dataset by its file name, while a nodes
   * folder names it without the extension.
   */
  public java.util.Optional<Path> dataset(String name) {
    Path exact = datasets.get(name);
    if (exact != null) {
      return java.util.Optional.of(exact);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      Path stem = datasets.get(name.substring(0, dot));
      if (stem != null && stem.getFileName() != null && stem.getFileName().toString().equals(name)) {
        return java.util.Optional.of(stem);
      }
    }
    return java.util.Optional.empty();
  }

  public NodeSpec withLabel(String key, String value) {
    Map<String, String> copy = new TreeMap<>(labels);
    copy.put(key, value);
    return new NodeSpec(id, copy, gpu, datasets, capacity);
  }

  public NodeSpec withDataset(String name, Path path) {
    Map<String, Path> copy = new TreeMap<>(datasets);
    copy.put(name, path);
    return new NodeSpec(id, labels, gpu, copy, capacity);
  }
}
