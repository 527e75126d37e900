package dev.manta.dsl;

import dev.manta.Method;
import java.util.List;

/**
 * The scheduling attributes a {@code @Task} class sets explicitly: the default placement of every
 * task running it. Each component is {@code null} when the class leaves it unset; the DSL's
 * {@link TaskOptions} start from these values and explicit options override them.
 *
 * @param method how its tasks pick nodes, or {@code null}
 * @param maximum the explicit {@code maximum}, or {@code null}
 * @param fraction the explicit fraction of eligible nodes, or {@code null}
 * @param fixed whether its tasks keep the nodes of their first iteration, or {@code null}
 * @param specifiedIds nodes its tasks may run on, or {@code null}
 * @param exceptedIds nodes its tasks never run on, or {@code null}
 * @param network the network its tasks join, or {@code null}
 * @param labels node labels its tasks' nodes must carry ({@code key=value}), or {@code null}
 */
public record TaskDefaults(
    Method method,
    Integer maximum,
    Double fraction,
    Boolean fixed,
    List<String> specifiedIds,
    List<String> exceptedIds,
    String network,
    List<String> labels) {

  /** No attribute set. */
  public static final TaskDefaults NONE = new TaskDefaults(null, null, null, null, null, null, null, null);

  public TaskDefaults {
    specifiedIds = specifiedIds == null ? null : List.copyOf(specifiedIds);
    exceptedIds = exceptedIds == null ? null : List.copyOf(exceptedIds);
    labels = labels == null ? null : List.copyOf(labels);
  }

  /** Defaults without labels. */
  public TaskDefaults(Method method, Integer maximum, Double fraction, Boolean fixed, List<String> specifiedIds,
      List<String> exceptedIds, String network) {
    this(method, maximum, fraction, fixed, specifiedIds, exceptedIds, network, null);
  }

  /** Whether no attribute is set. */
  public boolean isEmpty() {
    return equals(NONE);
  }
}
