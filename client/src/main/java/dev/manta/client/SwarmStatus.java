package dev.manta.client;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A deployed swarm as Docker and its conductor see it at one moment.
 *
 * @param swarm the swarm's name
 * @param run the run's state as the conductor reports it: {@code STARTING} (waiting for its
 *     agents), {@code RUNNING}, {@code COMPLETED}, {@code STOPPED}, {@code FAILED}; or
 *     {@link #UNREACHABLE} when the conductor does not answer
 * @param iteration the current (or last) iteration, 0 before the first
 * @param failure why the run failed, or {@code null}
 * @param tasks task alias → node id → the state of its instance in the current iteration
 * @param failures one line per instance of the run that failed, timed out or was lost
 * @param lostNodes the nodes the conductor lost during the run
 * @param agents the agents registered with the conductor now ({@code node module (host)})
 * @param containers every Docker task of the swarm's services (conductor and agents), the newest per node
 * @param conductorJson the conductor's status document as it sent it ({@code "{}"} when unreachable)
 */
public record SwarmStatus(String swarm, String run, int iteration, String failure,
    Map<String, Map<String, String>> tasks, List<String> failures, List<String> lostNodes, List<String> agents,
    List<Container> containers, String conductorJson) {
  /** The run state reported while the conductor does not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";

  public SwarmStatus {
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(run, "run");
    Map<String, Map<String, String>> copy = new TreeMap<>();
    tasks.forEach((alias, nodes) -> copy.put(alias, Collections.unmodifiableMap(new TreeMap<>(nodes))));
    tasks = Collections.unmodifiableMap(copy);
    failures = List.copyOf(failures);
    lostNodes = List.copyOf(lostNodes);
    agents = List.copyOf(agents);
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

  /** How many agent containers Docker runs for the swarm. */
  public long runningAgentContainers() {
    return containers.stream().filter(c -> c.role().equals("agent") && c.state().equals("running")).count();
  }

  /** Lines for a console: the run, each task's instances per node, failures, lost nodes, the containers. */
  public String describe() {
    StringBuilder out = new StringBuilder("swarm '" + swarm + "': " + run + ", iteration " + iteration + ", "
        + agents.size() + " agent(s) registered");
    if (failure != null) {
      out.append("\n  failure: ").append(failure);
    }
    tasks.forEach((alias, nodes) -> out.append(String.format("%n  task %-20s %s", alias, nodes)));
    failures.forEach(f -> out.append("\n  failed: ").append(f));
    if (!lostNodes.isEmpty()) {
      out.append("\n  lost nodes: ").append(lostNodes);
    }
    for (Container c : containers) {
      out.append(String.format("%n  %-9s %-20s %-12s %s%s", c.role(), c.module(), c.node(), c.state(),
          c.error().isEmpty() ? "" : " (" + c.error() + ")"));
    }
    return out.toString();
  }
}
