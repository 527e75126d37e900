package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.Fixtures.NeedsArgument;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.validation.SwarmValidationException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailureTest {
  private static final SwarmGraph ALL_THEN_ANY = Swarms.define("fail", s -> {
    var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
    var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
    s.flow(b.after(a));
  });

  @Test
  void allGoesOnWithTheNodesThatSucceededAndRecordsTheFailures() {
    TaskBody someFail = ctx -> {
      String node = ctx.world().nodeId();
      if (node.equals("node-2") || node.equals("node-3")) {
        throw new java.io.IOException("disk of " + node + " is full");
      }
      ctx.results().add("part", node);
    };
    TaskBody count = ctx -> ctx.results().add("parts", ctx.results().select("part", String.class).keySet());
    RunReport r = local(ALL_THEN_ANY, 4).task(A.class, () -> someFail).task(B.class, () -> count).build().run()
        .requireCompleted();
    assertEquals(Set.of("node-2", "node-3"), r.failedNodes("a", 1));
    assertEquals(Set.of("node-1", "node-4"), r.succeededNodes("a", 1));
    assertTrue(r.instances("a", 1).stream().filter(i -> i.node().equals("node-2")).findFirst().orElseThrow()
        .error().contains("disk of node-2 is full"));
    @SuppressWarnings("unchecked")
    java.util.List<String> parts = r.results(1, "parts", java.util.List.class).values().iterator().next();
    assertEquals(java.util.List.of("a/node-1", "a/node-4"), parts);
  }

  @Test
  void theReportAsJsonCarriesStatusFailureResultsAndInstances() throws Exception {
    TaskBody broken = ctx -> {
      if (ctx.world().nodeId().equals("node-1")) {
        throw new IllegalStateException("bad node");
      }
      ctx.results().add("part", 5);
      ctx.log().info("done");
    };
    RunReport r = local(ALL_THEN_ANY, 2).task(A.class, () -> broken).build().run().requireCompleted();
    com.fasterxml.jackson.databind.JsonNode json = dev.manta.graph.Json.mapper().readTree(r.toJson());
    assertEquals("COMPLETED", json.get("status").asText());
    assertEquals(5, json.at("/results/1/part/a~1node-2").asInt());
    assertEquals("FAILED", json.at("/instances/0/state").asText());
    assertTrue(json.at("/instances/0/error").asText().contains("bad node"));
    assertEquals("INFO done", json.at("/instances/1/logs/0").asText());
  }

  @Test
  void aTaskThatFailsOnEveryNodeFailsTheSwarmNamingTaskNodesAndCause() {
    TaskBody broken = ctx -> {
      throw new IllegalStateException("model file missing");
    };
    RunReport r = local(ALL_THEN_ANY, 3).task(A.class, () -> broken).build().run();
    assertEquals(RunStatus.FAILED, r.status());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.startsWith("task 'a' failed in iteration 1 on every node it ran on (node-1, node-2, node-3)"),
        failure);
    assertTrue(failure.contains("IllegalStateException: model file missing"), failure);
    assertTrue(r.instances("b").isEmpty(), "b never starts");
  }

  @Test
  void aTaskClassWithoutANoArgConstructorFailsWithWhatToDo() {
    SwarmGraph g = Swarms.define("ctor", s -> s.task(NeedsArgument.class, t -> t.alias("x")));
    RunReport r = local(g, 1).build().run();
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("NeedsArgument has no no-arg constructor"), failure);
  }

  @Test
  void anInvalidGraphIsRefusedBeforeAnythingRuns() {
    SwarmGraph g = Swarms.define("Bad Name", s -> s.task(A.class, t -> t.alias("a")));
    SwarmValidationException e = assertThrows(SwarmValidationException.class, () -> local(g, 1).build());
    assertTrue(e.getMessage().contains("[Manta/"), e.getMessage());
  }

  @Test
  void aComputedGlobalWithoutAValueIsRefused() {
    SwarmGraph g = dev.manta.graph.SwarmGraph.builder("computed")
        .module(dev.manta.graph.ModuleSpec.of(A.class.getName()))
        .task(new dev.manta.graph.TaskSpec("a", dev.manta.graph.ModuleSpec.of(A.class.getName()).name(), Method.ANY,
            null, null, false, java.util.List.of(), java.util.List.of(), "", false, java.util.List.of()))
        .global(dev.manta.graph.GlobalSpec.computed("seed_value", "long"))
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> local(g, 1).build());
    assertTrue(e.getMessage().contains("seed_value") && e.getMessage().contains("globals(...)"), e.getMessage());
    local(g, 1).globals(Map.of("seed_value", 42L)).build().run().requireCompleted();
  }
}
