package dev.manta;

import java.util.Map;

/** Results: iteration → tag → node id → value, stored as JSON. */
public interface Results {
  /** Publishes {@code value} under {@code tag} for this node and iteration. */
  void add(String tag, Object value);

  /** This iteration's values under {@code tag}, by node id (sorted). */
  <T> Map<String, T> select(String tag, Class<T> type);

  /** The values of a given iteration (1-based) under {@code tag}, by node id (sorted). */
  <T> Map<String, T> select(int iteration, String tag, Class<T> type);
}
