package dev.manta.graph;

import java.util.Objects;

/**
 * Resources one task instance reserves: {@code cpu} cores and a {@code memory} quantity.
 *
 * @param cpu cores, must be {@code > 0}
 * @param memory a quantity such as {@code 512Mi}, {@code 4Gi} or {@code 1G}
 */
public record ResourceSpec(double cpu, String memory) {
  public static final ResourceSpec DEFAULT = new ResourceSpec(1, "512Mi");

  public ResourceSpec {
    Objects.requireNonNull(memory, "memory");
  }
}
