package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Condition;
import dev.manta.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class MermaidTest {
  private static TaskSpec task(String alias, Edge... upstream) {
    return new TaskSpec(alias, "m", Method.ANY, null, null, false, List.of(), List.of(), "", false, List.of(upstream));
  }

  @Test
  void oneNodePerAliasAndConditionsOnTheEdgesThatAreNotFinished() {
    SwarmGraph g = SwarmGraph.builder("g").module(ModuleSpec.of("a.M").withName("m"))
        .task(task("map-0"))
        .task(task("say \"hi\""))
        .task(task("reduce", new Edge("map-0", Condition.RESULT), new Edge("say \"hi\"", Condition.FINISHED),
            new Edge("nowhere", Condition.FINISHED)))
        .build();
    assertEquals("""
        flowchart LR
          t0["map-0"]
          t1["say #quot;hi#quot;"]
          t2["reduce"]
          t0 -->|RESULT| t2
          t1 --> t2
        """, Mermaid.render(g));
  }
}
