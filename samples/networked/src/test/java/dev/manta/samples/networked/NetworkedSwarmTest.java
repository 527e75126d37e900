package dev.manta.samples.networked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Driver;
import dev.manta.dsl.Swarms;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.samples.testkit.InMemoryWorld;
import dev.manta.validation.GraphValidator;
import dev.manta.validation.Problem;
import dev.manta.validation.ProblemCode;
import java.util.List;
import java.util.Map;
import dev.manta.samples.testkit.SwarmInterfaces;
import org.junit.jupiter.api.Test;

class NetworkedSwarmTest {
  static final List<Order> ORDERS = Backend.SAMPLE_ORDERS;

  /** The DSL equivalent of {@link NetworkedSwarm}, until the processor generates it. */
  static SwarmGraph graph(String frontendNetwork) {
    return Swarms.define("networked", s -> {
      s.network("backend", Driver.BRIDGE);
      s.network("frontend", Driver.OVERLAY);
      s.setGlobal(Backend.ORDERS, ORDERS);
      var backend = s.task(Backend.class, t -> t.alias("backend").network("backend"));
      var frontend = s.task(Frontend.class, t -> t.alias("frontend").network(frontendNetwork));
      s.flow(frontend.after(backend));
    });
  }

  @Test
  void graphIsValidWithEachTaskOnItsNetwork() {
    SwarmGraph g = graph("frontend");
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals(List.of(new NetworkSpec("backend", Driver.BRIDGE), new NetworkSpec("frontend", Driver.OVERLAY)),
        g.networks());
    assertEquals("backend", g.task("backend").orElseThrow().network());
    assertEquals("frontend", g.task("frontend").orElseThrow().network());
    assertEquals(List.of("backend"), g.task("frontend").orElseThrow().upstreamAliases());
  }

  @Test
  void aMisspelledNetworkIsReportedWithASuggestion() {
    List<Problem> problems = GraphValidator.validate(graph("frontent"));
    assertEquals(1, problems.size(), problems.toString());
    Problem p = problems.get(0);
    assertEquals(ProblemCode.UNKNOWN_NETWORK, p.code());
    assertTrue(p.format().startsWith("[Manta/UnknownNetwork]") && p.message().contains("did you mean 'frontend'"),
        p.format());
  }

  @Test
  void frontendRendersTheBackendsTotals() throws Exception {
    InMemoryWorld world = InMemoryWorld.of(graph("frontend"));
    world.run(new Backend(), "backend", "node-1");
    world.run(new Frontend(), "frontend", "node-2");
    assertEquals(Map.of("kettle", 1, "lamp", 5, "rope", 10), Backend.totals(ORDERS));
    String page = world.global(Frontend.PAGE, String.class);
    assertEquals("Order totals\n"
        + "  kettle           1\n"
        + "  lamp             5\n"
        + "  rope            10\n", page);
  }

  @Test
  void dslEquivalentMatchesTheAnnotatedInterface() {
    assertEquals(List.of(), SwarmInterfaces.differences(NetworkedSwarm.class, graph("frontend")));
    // and it notices drift: a graph whose frontend does not run after the backend
    SwarmGraph drifted = Swarms.define("networked", s -> {
      s.task(Backend.class, t -> t.alias("backend"));
      s.task(Frontend.class, t -> t.alias("frontend"));
    });
    assertEquals(List.of("task frontend runs after [] but method frontend() names [backend]"),
        SwarmInterfaces.differences(NetworkedSwarm.class, drifted));
  }
}
