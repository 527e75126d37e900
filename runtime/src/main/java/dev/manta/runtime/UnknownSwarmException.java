package dev.manta.runtime;

import java.util.List;

/** Asked for a swarm the class path does not hold; the message lists the known ones. */
public final class UnknownSwarmException extends IllegalArgumentException {
  private final String name;
  private final List<String> known;

  public UnknownSwarmException(String name, List<String> known, String suggestion) {
    super("unknown swarm '" + name + "'; known: " + (known.isEmpty() ? "(none: no META-INF/manta/index.json on the"
        + " class path; is the annotation processor configured?)" : String.join(", ", known))
        + (suggestion == null ? "" : ". Did you mean '" + suggestion + "'?"));
    this.name = name;
    this.known = List.copyOf(known);
  }

  public String name() {
    return name;
  }

  public List<String> known() {
    return known;
  }
}
