package dev.manta.samples.networked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Driver;
import dev.manta.dsl.Swarms;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.testing.SwarmTest;
import dev.manta.runtime.testing.SwarmTester;
import dev.manta.validation.GraphValidator;
import dev.manta.validation.Problem;
import dev.manta.validation.ProblemCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SwarmTest(nodes = 2, seed = 1)
class NetworkedSwarmTest {
  @Test
  void generatedGraphPutsEachTaskOnItsNetwork() {
    SwarmGraph g = new MantaNetworkedSwarm().graph();
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals(List.of(new NetworkSpec("backend", Driver.BRIDGE), new NetworkSpec("frontend", Driver.OVERLAY)),
        g.networks());
    assertEquals("backend", g.task("backend").orElseThrow().network());
    assertEquals("frontend", g.task("frontend").orElseThrow().network());
    assertEquals(List.of("backend"), g.task("frontend").orElseThrow().upstreamAliases());
  }

  @Test
  void runsBothTasksAndTheFrontendRendersTheBackendsTotals(SwarmTester swarm) {
    RunReport r = swarm.run(MantaNetworkedSwarm.class).requireCompleted();
    assertEquals(1, r.succeededNodes("backend", 1).size());
    assertEquals(1, r.succeededNodes("frontend", 1).size());
    assertEquals(Map.of("kettle", 1, "lamp", 5, "rope", 10),
        r.results(1, Backend.TOTALS, Map.class).values().iterator().next());
    assertEquals("Order totals\n"
        + "  kettle           1\n"
        + "  lamp             5\n"
        + "  rope            10\n", r.global(Frontend.PAGE, String.class));
  }

  @Test
  void launchTimeOrdersReplaceTheSampleOrders(SwarmTester swarm) {
    RunReport r = swarm.run(MantaNetworkedSwarm.class, Map.of(Backend.ORDERS, List.of(new Order("tent", 4))))
        .requireCompleted();
    assertEquals("Order totals\n  tent             4\n", r.global(Frontend.PAGE, String.class));
  }

  @Test
  void aMisspelledNetworkIsReportedWithASuggestion() {
    SwarmGraph g = Swarms.define("networked", s -> {
      s.network("backend", Driver.BRIDGE);
      s.network("frontend", Driver.OVERLAY);
      var backend = s.task(Backend.class, t -> t.alias("backend").network("backend"));
      var frontend = s.task(Frontend.class, t -> t.alias("frontend").network("frontent"));
      s.flow(frontend.after(backend));
    });
    List<Problem> problems = GraphValidator.validate(g);
    assertEquals(1, problems.size(), problems.toString());
    Problem p = problems.get(0);
    assertEquals(ProblemCode.UNKNOWN_NETWORK, p.code());
    assertTrue(p.format().startsWith("[Manta/UnknownNetwork]") && p.message().contains("did you mean 'frontend'"),
        p.format());
  }
}
