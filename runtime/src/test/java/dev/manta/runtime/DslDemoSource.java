package dev.manta.runtime;

import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.spi.SwarmSource;
import java.util.Map;

/** A swarm built with the DSL, found through META-INF/services/dev.manta.spi.SwarmSource. */
public final class DslDemoSource implements SwarmSource {
  @Override
  public String name() {
    return "dsl_demo";
  }

  @Override
  public SwarmGraph graph() {
    return launchGraph(Map.of());
  }

  @Override
  public SwarmGraph launchGraph(Map<String, ?> launchGlobals) {
    return Swarms.define("dsl_demo", launchGlobals, s -> {
      var copies = s.copies(Fixtures.A.class, s.global("parts", 2), t -> t.alias("part").method(dev.manta.Method.ANY));
      var sum = s.task(Fixtures.B.class, t -> t.alias("sum").method(dev.manta.Method.ANY));
      s.flow(sum.after(copies));
    });
  }

  @Override
  public Map<String, Object> computeGlobals() {
    return Map.of();
  }
}
