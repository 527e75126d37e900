package com.example.tally;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.spi.SwarmSource;
import java.util.Map;

/**
 * The tally built with the DSL. Listed in META-INF/services/dev.manta.spi.SwarmSource, so
 * manta:run and manta:validate find it by its name, dsl_tally.
 */
public final class DslTally implements SwarmSource {
  @Override
  public String name() {
    return "dsl_tally";
  }

  @Override
  public SwarmGraph graph() {
    return launchGraph(Map.of());
  }

  @Override
  public SwarmGraph launchGraph(Map<String, ?> launchGlobals) {
    return Swarms.define("dsl_tally", launchGlobals, s -> {
      s.global(Count.SCALE, 1);
      var count = s.task(Count.class, t -> t.method(Method.ALL).alias("count"));
      var sum = s.task(Sum.class, t -> t.method(Method.ANY).maximum(1).alias("sum"));
      s.flow(sum.after(count));
    });
  }

  @Override
  public Map<String, Object> computeGlobals() {
    return Map.of();
  }
}
