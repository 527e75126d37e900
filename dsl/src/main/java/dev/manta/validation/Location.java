package dev.manta.validation;

import java.util.Objects;

/**
 * Where a problem applies: a kind of element, its name, and the attribute at fault (or
 * {@code null} for the element as a whole). The annotation processor maps it to a source element
 * and annotation value.
 *
 * @param kind what {@code name} names
 * @param name the swarm, task alias, module, network or global name
 * @param attribute the attribute at fault ({@code "maximum"}, {@code "image"}, …), or {@code null}
 */
public record Location(Kind kind, String name, String attribute) {
  /** What a location's name names. */
  public enum Kind {
    SWARM,
    TASK,
    MODULE,
    NETWORK,
    GLOBAL
  }

  public Location {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    String base = kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
    return attribute == null ? base : base + ", " + attribute;
  }
}
