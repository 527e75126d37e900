package dev.manta.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployed swarm as Docker and its conductor see it at one moment.
 *
 * @param swarm the swarm's name
 * @param run the run's state as the conductor reports it ({@code RUNNING}, {@code COMPLETED},
 *     {@code STOPPED}, {@code FAILED}), or {@code UNREACHABLE} when the conductor does not answer
 * @param iteration the conductor's current (or last) iteration, 0 before the first
 * @param registeredAgents how many agents the conductor has registered, -1 when it does not say
 * @param failure why the run failed, or {@code null}
 * @param containers every Docker task of the swarm's services (conductor and agents), newest per slot and node
 * @param conductorJson the conductor's status document as it sent it ({@code "{}"} when unreachable)
 */
public record SwarmStatus(String swarm, String run, int iteration, int registeredAgents, String failure,
    List<Container> containers, String conductorJson) {
  /** The run state reported while the conductor does not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";

  public SwarmStatus {
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(run, "run");
    containers = List.copyOf(containers);
    Objects.requireNonNull(conductorJson, "conductorJson");
  }

  /**
   * One Docker task of the swarm.
   *
   * @param role {@code conductor} or {@code agent}
   * @param module the module an agent runs ({@code ""} for the conductor)
   * @param node the hostname of the node it is on ({@code ""} while unassigned)
   * @param state Docker's task state in lower case ({@code running}, {@code preparing}, {@code rejected}, …)
   * @param error Docker's error for it, or {@code ""}
   */
  public record Container(String role, String module, String node, String state, String error) {
    public Container {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(state, "state");
      error = error == null ? "" : error;
    }
  }

  /** Whether the run has ended (COMPLETED, STOPPED or FAILED). */
  public boolean ended() {
    return run.equals("COMPLETED") || run.equals("STOPPED") || run.equals("FAILED");
  }

  /** The failure, if the run failed. */
  public Optional<String> failureCause() {
    return Optional.ofNullable(failure);
  }

  /** A few lines for a console: the run, then one line per container. */
  public String describe() {
    StringBuilder out = new StringBuilder("swarm '" + swarm + "': " + run + ", iteration " + iteration);
    if (registeredAgents >= 0) {
      out.append(", ").append(registeredAgents).append(" agent(s) registered");
    }
    if (failure != null) {
      out.append("\n  failure: ").append(failure);
    }
    for (Container c : containers) {
      out.append(String.format("%n  %-9s %-20s %-12s %s%s", c.role(), c.module(), c.node(), c.state(),
          c.error().isEmpty() ? "" : " (" + c.error() + ")"));
    }
    return out.toString();
  }
}
