package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.RunReport;
import org.junit.jupiter.api.Test;

class ScaleTest {
  @Test
  void aThousandSimulatedNodesInOneRun() {
    SwarmGraph g = Swarms.define("wide", s -> {
      var all = s.task(A.class, t -> t.alias("all").method(Method.ALL));
      var sum = s.task(B.class, t -> t.alias("sum").method(Method.ANY));
      s.flow(sum.after(all));
    });
    TaskBody one = ctx -> ctx.results().add("one", 1);
    TaskBody sum = ctx -> ctx.globals().set("total",
        ctx.results().select("one", Integer.class).values().stream().mapToInt(Integer::intValue).sum());
    int threadsBefore = Thread.activeCount();
    RunReport r = LocalRun.builder(g).nodes(1000).parallelism(8).task(A.class, () -> one).task(B.class, () -> sum)
        .build().run().requireCompleted();
    assertEquals(1000, r.succeededNodes("all", 1).size());
    assertEquals(1000, r.global("total", Integer.class));
    assertEquals(1001, r.instances().size());
    // The pool is bounded and gone after the run: no thread per node.
    assertEquals(true, Thread.activeCount() <= threadsBefore + 8, "threads: " + Thread.activeCount());
  }
}
