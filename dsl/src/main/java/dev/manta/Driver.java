package dev.manta;

/** The Docker network driver of a swarm network. */
public enum Driver {
  BRIDGE,
  OVERLAY,
  HOST;

  /** The driver's name as Docker spells it. */
  public String dockerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
