package dev.manta.spi;

import dev.manta.graph.SwarmGraph;
import java.util.Map;

/**
 * A swarm the runtime can launch: implemented by the classes the annotation processor generates
 * ({@code Manta<Interface>}) and listed in {@code META-INF/manta/index.json}.
 */
public interface SwarmSource {
  /** The swarm's name. */
  String name();

  /** The graph, with constant globals set and computed globals declared. */
  SwarmGraph graph();

  /** Evaluates the computed globals (called once per launch), by name. */
  Map<String, Object> computeGlobals();
}
