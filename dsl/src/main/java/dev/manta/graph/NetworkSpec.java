package dev.manta.graph;

import dev.manta.Driver;
import java.util.Objects;

/** A network a swarm declares. */
public record NetworkSpec(String name, Driver driver) {
  public NetworkSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
  }
}
