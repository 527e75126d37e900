package dev.manta.graph;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One label a task's nodes must carry, written {@code key=value} ({@code "zone=east"}). A task
 * with several runs only on nodes carrying all of them. Locally it is matched against the labels
 * of the nodes file; on a cluster, against the Docker node's labels ({@link #dockerConstraint()} is
 * the same rule in Docker's constraint syntax).
 *
 * @param key the label's key
 * @param value the value the node's label must have
 */
public record NodeLabel(String key, String value) {
  /** The accepted syntax in words, for messages. */
  public static final String SYNTAX = "key=value, each of letters, digits, '.', '_' and '-', starting with a letter or "
      + "digit, the key at most 128 characters and the value at most 256, e.g. zone=east";

  private static final Pattern LABEL =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,127})=([A-Za-z0-9][A-Za-z0-9._-]{0,255})");

  public NodeLabel {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!LABEL.matcher(key + "=" + value).matches()) {
      throw new IllegalArgumentException("label '" + key + "=" + value + "' is not valid; write " + SYNTAX);
    }
  }

  /** The label {@code text} stands for, or empty when it does not follow {@link #SYNTAX}. */
  public static Optional<NodeLabel> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = LABEL.matcher(text);
    return m.matches() ? Optional.of(new NodeLabel(m.group(1), m.group(2))) : Optional.empty();
  }

  /** Whether a node with {@code labels} carries this label. */
  public boolean matches(Map<String, String> labels) {
    return value.equals(labels.get(key));
  }

  /** The Docker Swarm placement constraint: {@code node.labels.zone==east}. */
  public String dockerConstraint() {
    return "node.labels." + key + "==" + value;
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
