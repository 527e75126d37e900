package dev.manta.dsl;

import dev.manta.Driver;
import dev.manta.TaskBody;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.SwarmGraph;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A swarm written as a class, in the shape of the original guide: set globals and networks in the
 * constructor, declare tasks and return the flow from {@link #execute()}.
 *
 * <pre>{@code
 * public final class FederatedLearning extends SwarmDefinition {
 *   public FederatedLearning() { super("fl_experiment"); setGlobal("epochs", 10); }
 *   @Override protected Flow execute() {
 *     var trainers = task(Trainer.class, t -> t.method(ALL).alias("trainers"));
 *     var aggregator = task(Aggregator.class, t -> t.maximum(1).alias("aggregator"));
 *     return aggregator.after(trainers);
 *   }
 * }
 * }</pre>
 */
public abstract class SwarmDefinition {
  private final String name;
  private final Map<String, Object> globals = new java.util.LinkedHashMap<>();
  private final List<NetworkSpec> networks = new java.util.ArrayList<>();
  private int maxIterations = SwarmGraph.DEFAULT_MAX_ITERATIONS;
  private SwarmScope scope;

  protected SwarmDefinition(String name) {
    this.name = name;
  }

  /** The swarm's name. */
  public final String name() {
    return name;
  }

  protected final void setGlobal(String globalName, Object value) {
    globals.put(globalName, value);
    if (scope != null) {
      scope.setGlobal(globalName, value);
    }
  }

  /**
   * The global's value: inside {@link #execute()}, the launch-time override passed to
   * {@link #prepareGraph(Map)} when there is one; else the value set so far, or
   * {@code defaultValue} (which is then set).
   */
  @SuppressWarnings("unchecked")
  protected final <T> T getGlobal(String globalName, T defaultValue) {
    if (!globals.containsKey(globalName)) {
      globals.put(globalName, defaultValue);
    }
    T value = (T) globals.get(globalName);
    if (scope == null) {
      return value;
    }
    if (value == null) {
      scope.setGlobal(globalName, null);
      return null;
    }
    return scope.global(globalName, value);
  }

  protected final void addNetwork(String networkName, Driver driver) {
    networks.add(new NetworkSpec(networkName, driver));
  }

  protected final void setMaxIterations(int maxIterations) {
    this.maxIterations = maxIterations;
  }

  /** Declares a task; call from {@link #execute()}. */
  protected final TaskNode task(Class<? extends TaskBody> type, Consumer<TaskOptions> options) {
    return requireScope().task(type, options);
  }

  /** Declares a task with defaults; call from {@link #execute()}. */
  protected final TaskNode task(Class<? extends TaskBody> type) {
    return requireScope().task(type);
  }

  /** Declares {@code count} copies of a task; call from {@link #execute()}. */
  protected final List<TaskNode> copies(Class<? extends TaskBody> type, int count, Consumer<TaskOptions> options) {
    return requireScope().copies(type, count, options);
  }

  /** Declares the tasks and returns where the flow ends. */
  protected abstract Flow execute();

  /** Runs {@link #execute()} and returns the graph (not validated). */
  public final SwarmGraph prepareGraph() {
    return prepareGraph(Map.of());
  }

  /**
   * Runs {@link #execute()} with launch-time global overrides and returns the graph (not
   * validated): {@link #getGlobal} returns an override instead of its value, and overrides of
   * globals that {@code execute()} does not read replace the values set in the constructor.
   */
  public final synchronized SwarmGraph prepareGraph(Map<String, ?> overrides) {
    SwarmScope s = new SwarmScope(name, overrides);
    scope = s;
    try {
      s.sourceClass(getClass().getName());
      s.maxIterations(maxIterations);
      networks.forEach(n -> s.network(n.name(), n.driver()));
      globals.forEach(s::setGlobal);
      Flow flow = execute();
      if (flow == null) {
        throw new IllegalStateException(getClass().getName() + ".execute() returned null; return the flow's last task");
      }
      s.flow(flow);
      return s.build();
    } finally {
      scope = null;
    }
  }

  private SwarmScope requireScope() {
    if (scope == null) {
      throw new IllegalStateException("declare tasks inside execute(), which prepareGraph() calls");
    }
    return scope;
  }
}
