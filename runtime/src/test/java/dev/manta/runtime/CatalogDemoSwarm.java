package dev.manta.runtime;

import dev.manta.Method;
import dev.manta.dsl.SwarmScope;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.spi.SwarmSource;
import java.util.Map;

/** Stands in for a generated swarm class, as the test index lists it. */
public final class CatalogDemoSwarm implements SwarmSource {
  @Override
  public String name() {
    return "catalog_demo";
  }

  @Override
  public SwarmGraph graph() {
    return Swarms.define("catalog_demo", (SwarmScope s) -> {
      s.computedGlobal("start", "int");
      s.setGlobal("step", 2);
      s.task(Fixtures.A.class, t -> t.alias("a").method(Method.ALL));
    });
  }

  @Override
  public Map<String, Object> computeGlobals() {
    return Map.of("start", 40);
  }
}
