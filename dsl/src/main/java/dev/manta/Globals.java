package dev.manta;

import java.util.Optional;
import java.util.Set;

/** Swarm-wide values, stored as JSON and read back as the type asked for. */
public interface Globals {
  /** The value of {@code name} as {@code type}; throws {@link java.util.NoSuchElementException} if unset. */
  <T> T get(String name, Class<T> type);

  /** The value of {@code name} as a generic type, e.g. {@code new TypeRef<List<double[]>>() {}}. */
  <T> T get(String name, TypeRef<T> type);

  /** The value of {@code name} as {@code type}, or empty if unset. */
  <T> Optional<T> find(String name, Class<T> type);

  /** Sets {@code name} to {@code value}, which must be writable as JSON. */
  void set(String name, Object value);

  boolean contains(String name);

  /** The names set so far, sorted. */
  Set<String> names();
}
