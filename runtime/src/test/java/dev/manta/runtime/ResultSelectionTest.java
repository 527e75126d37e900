package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.Results;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Results.last} and {@code Results.latest}: the original SDK's {@code select(tag, size,
 * "all" | "last")}. Four iterations; "work" publishes {@code 10 × iteration + node number} and is
 * narrowed to node-1 and node-2 from iteration 2 on, so node-3 and node-4 publish only in
 * iteration 1.
 */
class ResultSelectionTest {
  private static final SwarmGraph GRAPH = Swarms.define("selection", s -> {
    s.maxIterations(10);
    var work = s.task(A.class, t -> t.alias("work").method(Method.ALL));
    var look = s.task(B.class, t -> t.alias("look").method(Method.ANY));
    s.flow(look.after(work));
  });

  private static final TaskBody WORK = ctx -> {
    String node = ctx.world().nodeId();
    ctx.results().add("w", 10 * ctx.world().iteration() + Integer.parseInt(node.substring(node.indexOf('-') + 1)));
  };

  /** Records what it selects in globals, and asks for another iteration until the fourth. */
  private static final TaskBody LOOK = ctx -> {
    Results results = ctx.results();
    int iteration = ctx.world().iteration();
    List<String> last2 = new ArrayList<>();
    for (Results.Value<Integer> v : results.last(2, "w", Integer.class)) {
      last2.add(v.iteration() + ":" + v.key() + "=" + v.value());
    }
    ctx.globals().set("last2_" + iteration, last2);
    Map<String, String> latest = new TreeMap<>();
    results.latest(10, "w", Integer.class).forEach((key, v) -> latest.put(v.node(), v.iteration() + "=" + v.value()));
    ctx.globals().set("latest_" + iteration, latest);
    ctx.globals().set("latest1_" + iteration, results.latest(1, "w", Integer.class).size());
    ctx.globals().set("same_as_select_" + iteration,
        results.last(1, "w", Integer.class).size() == results.select("w", Integer.class).size());
    try {
      results.last(0, "w", Integer.class);
    } catch (IllegalArgumentException e) {
      ctx.globals().set("refused", e.getMessage());
    }
    if (iteration < 4) {
      ctx.world().scheduleNextIteration(List.of("node-1", "node-2"), "work");
    }
  };

  @Test
  void lastNIterationsAndTheLatestValuePerInstance(@TempDir Path dir) {
    // A journal with resultIterations(1) makes the older iterations come back from the journal file.
    RunReport r = local(GRAPH, 4).journal(dir.resolve("journal")).resultIterations(1)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    assertEquals(4, r.iterations());
    assertEquals(List.of("1:work/node-1=11", "1:work/node-2=12", "1:work/node-3=13", "1:work/node-4=14"),
        r.global("last2_1", List.class), "iteration 1 has no earlier one");
    assertEquals(List.of("3:work/node-1=31", "3:work/node-2=32", "4:work/node-1=41", "4:work/node-2=42"),
        r.global("last2_4", List.class));
    assertEquals(Map.of("node-1", "4=41", "node-2", "4=42", "node-3", "1=13", "node-4", "1=14"),
        r.global("latest_4", Map.class), "node-3 and node-4 keep their iteration-1 values");
    assertEquals(2, r.global("latest1_4", Integer.class));
    assertEquals(Boolean.TRUE, r.global("same_as_select_3", Boolean.class));
    String refused = r.global("refused", String.class);
    assertTrue(refused.contains("iterations is 0"), refused);
  }
  @Test
  void forEachHandsOverEveryValueOnceInKeyOrderEachAPrivateCopy() {
    // 32 KiB of doubles: values a run keeps in slabs; the reader changes every copy it is handed.
    TaskBody publish = ctx -> {
      double[] w = new double[4096];
      java.util.Arrays.fill(w, Integer.parseInt(ctx.world().nodeId().substring(5)));
      ctx.results().add("w", w);
    };
    TaskBody fold = ctx -> {
      List<String> seen = new ArrayList<>();
      double[] sum = new double[4096];
      ctx.results().forEach("w", double[].class, (key, w) -> {
        seen.add(key + "=" + w[4095]);
        for (int i = 0; i < w.length; i++) {
          sum[i] += w[i];
          w[i] = -1; // the reader's own copy: the stored value stays as published
        }
      });
      ctx.globals().set("seen", seen);
      ctx.globals().set("sum", sum[0] + "/" + sum[4095]);
      ctx.globals().set("select_after", ctx.results().select("w", double[].class).values().stream()
          .mapToDouble(w -> w[0] + w[4095]).sum());
      ctx.results().forEach("w", double[].class, (key, w) -> {
        throw new IllegalStateException("stopped at " + key);
      });
    };
    RunReport r = local(GRAPH, 3).task(A.class, () -> publish).task(B.class, () -> fold).build().run();
    assertEquals(List.of("work/node-1=1.0", "work/node-2=2.0", "work/node-3=3.0"), r.global("seen", List.class));
    assertEquals("6.0/6.0", r.global("sum", String.class));
    assertEquals(12.0, r.global("select_after", Double.class), "a copy changed by the reader changed the stored value");
    String error = r.instances().stream().filter(i -> i.alias().equals("look")).findFirst().orElseThrow().error();
    assertTrue(error != null && error.contains("stopped at work/node-1"), "the action's exception ends the instance: "
        + error);
  }
}
