package dev.manta.samples.mapreduce;

import dev.manta.Results;
import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the mappers' counts into global {@code counts} (word → count) and records the nodes
 * counted in global {@code shards}. Each node's part is counted once (mappers sharing a node read
 * the same part); if fewer nodes reported than there are parts (global {@code parts}), some part was never
 * counted, and the reducer fails rather than publish a short count.
 */
@Task(method = Method.ANY, maximum = 1)
public final class Reducer implements TaskBody {
  public static final String COUNTS = "counts";
  public static final String SHARDS = "shards";
  public static final String PARTS = "parts";

  @Override
  public void run(TaskContext ctx) {
    // Result keys are <alias>/<node>; a node's text is one part, so mappers sharing a node count it once.
    @SuppressWarnings("rawtypes")
    Map<String, Map> byNode = new TreeMap<>();
    ctx.results().select(Mapper.COUNTS, Map.class).forEach((key, counts) -> byNode.putIfAbsent(Results.nodeOf(key), counts));
    List<Map<String, Number>> parts = new ArrayList<>();
    for (Map<?, ?> m : byNode.values()) {
      Map<String, Number> typed = new TreeMap<>();
      m.forEach((k, v) -> typed.put((String) k, (Number) v));
      parts.add(typed);
    }
    int expected = ctx.globals().find(PARTS, Integer.class).orElse(byNode.size());
    if (byNode.size() < expected) {
      throw new IllegalStateException("the mappers reported from " + byNode.size() + " nodes " + byNode.keySet()
          + " but the text has " + expected + " parts, so some part was never counted. Run the swarm on at least "
          + expected + " nodes holding dataset '" + TextSplitter.DATASET + "', one part each, so that every mapper "
          + "gets a node of its own");
    }
    Map<String, Long> total = WordCount.merge(parts);
    ctx.globals().set(COUNTS, total);
    ctx.globals().set(SHARDS, List.copyOf(byNode.keySet()));
    ctx.log().info("merged %d parts: %d words, %d distinct", byNode.size(), WordCount.total(total), total.size());
  }
}
