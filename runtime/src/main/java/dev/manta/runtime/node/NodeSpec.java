package dev.manta.runtime.node;

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
 */
public record NodeSpec(String id, Map<String, String> labels, boolean gpu, Map<String, Path> datasets) {
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
  }

  /** A node with no labels, no GPU and no datasets. */
  public static NodeSpec of(String id) {
    return new NodeSpec(id, Map.of(), false, Map.of());
  }

  public NodeSpec withGpu(boolean hasGpu) {
    return new NodeSpec(id, labels, hasGpu, datasets);
  }

  public NodeSpec withLabel(String key, String value) {
    Map<String, String> copy = new TreeMap<>(labels);
    copy.put(key, value);
    return new NodeSpec(id, copy, gpu, datasets);
  }

  public NodeSpec withDataset(String name, Path path) {
    Map<String, Path> copy = new TreeMap<>(datasets);
    copy.put(name, path);
    return new NodeSpec(id, labels, gpu, copy);
  }
}
