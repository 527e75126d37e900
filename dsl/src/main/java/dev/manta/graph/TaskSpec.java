package dev.manta.graph;

import dev.manta.Method;
import java.util.List;
import java.util.Objects;

/**
 * One task of a graph: which module it runs, where, and after which tasks.
 *
 * @param alias the task's name in the graph
 * @param module the name of the module it runs
 * @param method how it picks nodes
 * @param maximum the explicit {@code maximum}, or {@code null} for the method's default
 * @param fraction the explicit fraction of eligible nodes, or {@code null}
 * @param fixed whether it keeps the nodes of its first iteration
 * @param specifiedIds nodes it may run on (empty: any)
 * @param exceptedIds nodes it never runs on
 * @param network a declared network's name, or empty for none
 * @param gpu whether its nodes need a GPU
 * @param upstream edges from the tasks it runs after, in declaration order
 * @param timeout how long one instance may run ({@link TaskTimeout} syntax), or {@code null} for the
 *     run's default
 * @param labels node labels its nodes must all carry, {@code key=value} ({@link NodeLabel}); empty: none
 */
public record TaskSpec(
    String alias,
    String module,
    Method method,
    Integer maximum,
    Double fraction,
    boolean fixed,
    List<String> specifiedIds,
    List<String> exceptedIds,
    String network,
    boolean gpu,
    List<Edge> upstream,
    String timeout,
    List<String> labels) {

  public TaskSpec {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(method, "method");
    specifiedIds = List.copyOf(specifiedIds);
    exceptedIds = List.copyOf(exceptedIds);
    Objects.requireNonNull(network, "network");
    upstream = List.copyOf(upstream);
    labels = List.copyOf(labels);
  }

  /** A task without labels. */
  public TaskSpec(String alias, String module, Method method, Integer maximum, Double fraction, boolean fixed,
      List<String> specifiedIds, List<String> exceptedIds, String network, boolean gpu, List<Edge> upstream,
      String timeout) {
    this(alias, module, method, maximum, fraction, fixed, specifiedIds, exceptedIds, network, gpu, upstream, timeout,
        List.of());
  }

  /** A task without its own timeout. */
  public TaskSpec(String alias, String module, Method method, Integer maximum, Double fraction, boolean fixed,
      List<String> specifiedIds, List<String> exceptedIds, String network, boolean gpu, List<Edge> upstream) {
    this(alias, module, method, maximum, fraction, fixed, specifiedIds, exceptedIds, network, gpu, upstream, null,
        List.of());
  }

  /** The timeout as a duration; empty when not set (or not valid: the validator reports that). */
  public java.util.Optional<java.time.Duration> timeoutDuration() {
    return TaskTimeout.parse(timeout);
  }

  /**
   * {@code maximum} as set, else 1 for {@link Method#ANY} and {@link Method#BEST_RESOURCES} and -1 (no
   * cap) for the others.
   */
  public int effectiveMaximum() {
    if (maximum != null) {
      return maximum;
    }
    return method == Method.ANY || method == Method.BEST_RESOURCES ? 1 : -1;
  }

  /** The labels that follow the {@link NodeLabel} syntax (the validator reports the others). */
  public List<NodeLabel> nodeLabels() {
    return labels.stream().map(NodeLabel::parse).flatMap(java.util.Optional::stream).toList();
  }

  /** The aliases this task runs after. */
  public List<String> upstreamAliases() {
    return upstream.stream().map(Edge::from).toList();
  }

  public TaskSpec withUpstream(List<Edge> edges) {
    return new TaskSpec(alias, module, method, maximum, fraction, fixed, specifiedIds, exceptedIds,
        network, gpu, edges, timeout, labels);
  }
}
