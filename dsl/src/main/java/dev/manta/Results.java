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

  /**
   * Hands this iteration's values under {@code tag} to {@code action} one at a time, by key
   * {@code <alias>/<node>} (sorted), each a private copy: the values {@link #select(String, Class)}
   * gives, without holding all of their copies at once. A task that folds the values (a sum, a
   * weighted average of model weights) then needs the memory of one of them beside the results the
   * run stores, rather than a second copy of the round. What {@code action} throws ends the call.
   */
  default <T> void forEach(String tag, Class<T> type, java.util.function.BiConsumer<String, ? super T> action) {
    select(tag, type).forEach(action);
  }

  /**
   * The values of a given iteration (1-based) under {@code tag}, by key {@code <alias>/<node>} (sorted).
   *
   * @throws IllegalArgumentException if {@code iteration} is below 1 or after the current one
   */
  <T> Map<String, T> select(int iteration, String tag, Class<T> type);

  /**
   * Every value under {@code tag} of the last {@code iterations} iterations up to and including this
   * one, oldest iteration first, then by key. {@code last(1, …)} holds the same values as
   * {@link #select(String, Class)}. This is the original SDK's {@code select(tag, size, "all")}:
   * its 0-based result iteration {@code k} is our iteration {@code k + 1}.
   *
   * @param iterations how many iterations to look back, at least 1 (more than have run is fine)
   * @throws IllegalArgumentException if {@code iterations < 1}
   */
  <T> java.util.List<Value<T>> last(int iterations, String tag, Class<T> type);

  /**
   * The latest value under {@code tag} of each result key within the last {@code iterations}
   * iterations (this one included): one entry per {@code <alias>/<node>}, holding the value of the
   * most recent iteration in which that instance published. A node that skipped this iteration
   * (not scheduled, or failed) still appears with its earlier value. This is the original SDK's
   * {@code select(tag, size, "last")}, keyed per instance; use {@link Value#node()} for the node.
   *
   * @param iterations how many iterations to look back, at least 1
   * @throws IllegalArgumentException if {@code iterations < 1}
   */
  <T> java.util.Map<String, Value<T>> latest(int iterations, String tag, Class<T> type);

  /**
   * One stored result: the (1-based) iteration it was published in, its key {@code <alias>/<node>}
   * and its value.
   */
  record Value<T>(int iteration, String key, T value) {
    public Value {
      java.util.Objects.requireNonNull(key, "key");
    }

    /** The node the instance ran on. */
    public String node() {
      return nodeOf(key);
    }

    /** The alias of the task that published it. */
    public String alias() {
      return aliasOf(key);
    }
  }

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
