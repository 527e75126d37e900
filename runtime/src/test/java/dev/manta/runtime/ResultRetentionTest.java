package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results of earlier iterations leave memory and are read back: with a journal from the journal,
 * without one from the run's spill file.
 */
class ResultRetentionTest {
  private static final SwarmGraph G = Swarms.define("retain", s -> {
    var work = s.task(A.class, t -> t.alias("work").method(Method.ALL));
    s.task(B.class, t -> t.alias("look").maximum(1)).after(work);
  });

  private static final TaskBody WORK = ctx -> ctx.results().add("v", ctx.world().iteration() * 10
      + Integer.parseInt(ctx.world().nodeId().substring(5)));

  /** Each iteration reads every earlier iteration's values and sums them into a global. */
  private static final TaskBody LOOK = ctx -> {
    int it = ctx.world().iteration();
    int sum = 0;
    for (int i = 1; i <= it; i++) {
      sum += ctx.results().select(i, "v", Integer.class).values().stream().mapToInt(Integer::intValue).sum();
    }
    ctx.globals().set("sum_" + it, sum);
    if (it < 4) {
      ctx.world().scheduleNextIteration(List.of(), "work");
    }
  };

  @Test
  void earlierIterationsReadBackFromTheJournalGiveWhatMemoryGives(@TempDir Path dir) {
    RunReport inMemory = local(G, 3).resultIterations(Integer.MAX_VALUE)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    RunReport spilled = local(G, 3).journal(dir.resolve("j.jsonl")).resultIterations(0)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    assertEquals(inMemory.globals(), spilled.globals());
    assertEquals(inMemory.results(), spilled.results());
    assertEquals(Map.of("work/node-1", 41, "work/node-2", 42, "work/node-3", 43), spilled.results(4, "v", Integer.class));
    assertEquals(4, spilled.results().size());
    // sum_4 = (11+12+13) + (21+22+23) + (31+32+33) + (41+42+43)
    assertEquals(36 + 66 + 96 + 126, spilled.global("sum_4", Integer.class));
  }

  @Test
  void withoutAJournalEarlierIterationsReadBackFromTheSpillGiveWhatMemoryGives() {
    RunReport inMemory = local(G, 3).resultIterations(Integer.MAX_VALUE)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    RunReport spilled = local(G, 3).resultIterations(0)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    assertEquals(inMemory.globals(), spilled.globals());
    assertEquals(inMemory.results(), spilled.results());
    assertEquals(Map.of("work/node-1", 11, "work/node-2", 12, "work/node-3", 13), spilled.results(1, "v", Integer.class));
    assertEquals(36 + 66 + 96 + 126, spilled.global("sum_4", Integer.class));
  }
}
