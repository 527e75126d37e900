package dev.manta.dsl;

import dev.manta.graph.SwarmGraph;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point of the Kotlin-style DSL.
 *
 * <pre>{@code
 * SwarmGraph g = Swarms.define("mapreduce_job", s -> {
 *   var mappers = s.copies(Mapper.class, s.global("parts", 10), t -> t.alias("mapper"));
 *   var reducer = s.task(Reducer.class, t -> t.method(ANY).maximum(1));
 *   s.flow(reducer.after(mappers));
 * });
 * }</pre>
 *
 * The graph is not validated here: pass it to {@link dev.manta.validation.GraphValidator}.
 */
public final class Swarms {
  private Swarms() {}

  /** Builds the graph of swarm {@code name} from {@code body}. */
  public static SwarmGraph define(String name, Consumer<SwarmScope> body) {
    return define(name, Map.of(), body);
  }

  /**
   * Builds the graph with launch-time global overrides: {@link SwarmScope#global} returns the
   * override instead of its default, and overrides no block reads become constant globals.
   */
  public static SwarmGraph define(String name, Map<String, ?> globals, Consumer<SwarmScope> body) {
    SwarmScope scope = new SwarmScope(name, globals);
    body.accept(scope);
    return scope.build();
  }
}
