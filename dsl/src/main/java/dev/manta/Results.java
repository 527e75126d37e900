package dev.manta;

import java.util.Map;

/**
 * Results: iteration → tag → key → value, stored as JSON. A result is kept per task instance: its
 * key is {@code <alias>/<node>} (the task's alias and the node it ran on), so copies of a task and
 * tasks sharing a node never overwrite each other. An instance adding again under the same tag
 * replaces its own value.
 */
public interface Results {
  /** Publishes {@code value} under {@code tag} for this instance and iteration (key {@code <alias>/<node>}). */
  void add(String tag, Object value);

  /** This iteration's values under {@code tag}, by key {@code <alias>/<node>} (sorted). */
  <T> Map<String, T> select(String tag, Class<T> type);

  /** The values of a given iteration (1-based) under {@code tag}, by key {@code <alias>/<node>} (sorted). */
  <T> Map<String, T> select(int iteration, String tag, Class<T> type);

  /** The node of a result key: {@code nodeOf("trainers/node-3")} is {@code "node-3"}. */
  static String nodeOf(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The task alias of a result key: {@code aliasOf("trainers/node-3")} is {@code "trainers"}. */
  static String aliasOf(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }
}
