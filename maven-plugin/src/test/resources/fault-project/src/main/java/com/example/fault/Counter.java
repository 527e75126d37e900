package com.example.fault;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.List;

/**
 * Pauses {@code counter_pauses} × {@code pause_ms}, sets global {@code count} to the rounds done
 * (the iteration) and {@code sum_<iteration>} to the sum of the iteration's {@code step} results;
 * schedules another iteration until {@code count} reaches {@code rounds}. Running it again gives
 * the same values, as docs/runtime.md asks of a task that may be re-run after a crash (a
 * {@code count + 1} would count a re-run twice).
 */
@Task
public final class Counter implements TaskBody {
  static final String ROUNDS = "rounds";
  static final String COUNTER_PAUSES = "counter_pauses";

  @Override
  public void run(TaskContext ctx) throws Exception {
    Thread.sleep((long) ctx.globals().get(COUNTER_PAUSES, Integer.class) * ctx.globals().get(Stepper.PAUSE_MS,
        Integer.class));
    int count = ctx.world().iteration();
    int sum = ctx.results().select("step", Integer.class).values().stream().mapToInt(Integer::intValue).sum();
    ctx.globals().set("sum_" + ctx.world().iteration(), sum);
    ctx.globals().set("count", count);
    ctx.log().info("round %d of %d", count, ctx.globals().get(ROUNDS, Integer.class));
    if (count < ctx.globals().get(ROUNDS, Integer.class)) {
      ctx.world().scheduleNextIteration(List.of(), "everywhere");
    }
  }
}
