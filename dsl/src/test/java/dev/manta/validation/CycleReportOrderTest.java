package dev.manta.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Condition;
import dev.manta.Method;
import dev.manta.fixtures.Worker;
import dev.manta.graph.Edge;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several cycles are reported in the order their first task is declared, whichever of them lies
 * upstream of the other: the compiler's messages come in source order.
 */
class CycleReportOrderTest {

  private static TaskSpec task(String alias, String... upstream) {
    return new TaskSpec(alias, "worker", Method.ANY, null, null, false, List.of(), List.of(), "", false,
        Arrays.stream(upstream).map(u -> new Edge(u, Condition.FINISHED)).toList());
  }

  private static List<List<String>> cyclePaths(TaskSpec... tasks) {
    SwarmGraph.Builder b = SwarmGraph.builder("raw").module(ModuleSpec.of(Worker.class.getName()));
    for (TaskSpec t : tasks) {
      b.task(t);
    }
    List<Problem> problems = GraphValidator.validate(b.build());
    problems.forEach(p -> assertEquals(ProblemCode.CYCLE, p.code(), p::toString));
    return problems.stream().map(Problem::path).toList();
  }

  @Test
  void firstDeclaredCycleFirstWhenItIsUpstream() {
    // a <-> b, then c <-> d running after a.
    assertEquals(List.of(List.of("a", "b", "a"), List.of("c", "d", "c")),
        cyclePaths(task("a", "b"), task("b", "a"), task("c", "a", "d"), task("d", "c")));
  }

  @Test
  void firstDeclaredCycleFirstWhenItIsDownstream() {
    // a <-> b running after c, then c <-> d.
    assertEquals(List.of(List.of("a", "b", "a"), List.of("c", "d", "c")),
        cyclePaths(task("a", "b", "c"), task("b", "a"), task("c", "d"), task("d", "c")));
  }
}
