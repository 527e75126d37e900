package dev.manta.samples.mapreduce;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Counts the words of its node's {@code text} dataset and publishes them as result {@code counts}. */
@Task(method = Method.ANY, datasets = TextSplitter.DATASET)
public final class Mapper implements TaskBody {
  /** The result tag of a node's counts. */
  public static final String COUNTS = "counts";

  @Override
  public void run(TaskContext ctx) throws Exception {
    String text = new String(ctx.local().bytes(TextSplitter.DATASET), StandardCharsets.UTF_8);
    Map<String, Long> counts = WordCount.count(text);
    ctx.results().add(COUNTS, counts);
    ctx.log().info("%s counted %d words (%d distinct) on %s", ctx.world().taskAlias(), WordCount.total(counts),
        counts.size(), ctx.world().nodeId());
  }
}
