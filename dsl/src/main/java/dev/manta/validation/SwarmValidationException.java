package dev.manta.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown where an invalid graph cannot go on (launching, writing a manifest); lists every error. */
public final class SwarmValidationException extends RuntimeException {
  private final String swarm;
  private final List<Problem> problems;

  public SwarmValidationException(String swarm, List<Problem> problems) {
    super("swarm '" + swarm + "' is not valid:\n" + problems.stream()
        .map(p -> "  " + p.format() + " (" + p.location() + ")")
        .collect(Collectors.joining("\n")));
    this.swarm = swarm;
    this.problems = List.copyOf(problems);
  }

  public String swarm() {
    return swarm;
  }

  /** Every problem found, errors and warnings. */
  public List<Problem> problems() {
    return problems;
  }
}
