package dev.manta.validation;

import java.util.List;
import java.util.Objects;

/**
 * One validation problem.
 *
 * @param code the stable code
 * @param message what is wrong and what to do, without the code tag
 * @param location where it applies
 * @param path for graph problems, the aliases that lead to it (a cycle: {@code [a, b, a]})
 */
public record Problem(ProblemCode code, String message, Location location, List<String> path) {
  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
    path = List.copyOf(path);
  }

  public Severity severity() {
    return code.severity();
  }

  public boolean isError() {
    return severity() == Severity.ERROR;
  }

  /** {@code [Manta/Cycle] message}: the line a user sees. */
  public String format() {
    return "[" + code.tag() + "] " + message;
  }

  @Override
  public String toString() {
    return format() + " (" + location + ")";
  }
}
