package dev.manta.runtime;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.spi.SwarmSource;
import java.util.Map;

/** Stands in for a generated swarm class whose manifest tests write (not in the test index). */
public final class ManifestDemoSwarm implements SwarmSource {
  @Override
  public String name() {
    return "manifest_demo";
  }

  @Override
  public SwarmGraph graph() {
    return Swarms.define("manifest_demo", s -> {
      s.computedGlobal("rate", "double");
      s.task(Fixtures.A.class, t -> t.alias("a").method(Method.ANY).maximum(1));
    });
  }

  @Override
  public Map<String, Object> computeGlobals() {
    return Map.of("rate", 0.5);
  }
}
