package dev.manta.spi;

import dev.manta.graph.SwarmGraph;
import java.util.Map;

/**
 * A swarm the runtime can launch: implemented by the classes the annotation processor generates
 * ({@code Manta<Interface>}) and listed in {@code META-INF/manta/index.json}.
 *
 * <p>A swarm built in code with {@code Swarms.define} is found the same way when a class
 * implementing this interface (public, with a public no-arg constructor) is listed in
 * {@code META-INF/services/dev.manta.spi.SwarmSource}; {@code mvn manta:run} and
 * {@code manta:validate} then see it. See docs/dsl.md.
 */
public interface SwarmSource {
  /** The swarm's name. */
  String name();

  /** The graph, with constant globals set and computed globals declared. */
  SwarmGraph graph();

  /**
   * The graph for a launch with these globals ({@code -Dmanta.globals}), for swarms whose shape
   * depends on them (build it with {@code Swarms.define(name, launchGlobals, body)}). By default
   * the launch globals do not change the graph: {@link #graph()}.
   */
  default SwarmGraph launchGraph(Map<String, ?> launchGlobals) {
    return graph();
  }

  /** Evaluates the computed globals (called once per launch), by name. */
  Map<String, Object> computeGlobals();
}
