package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Method;
import dev.manta.Results;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.report.RunReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default placement is the original SDK's: a task that names no method runs on every eligible
 * node, uncapped. A map/reduce ported from the guide sets a method only on its reducer; with the
 * old default (ANY) its mappers ran on one node and the count covered one node's share.
 */
class DefaultPlacementTest {
  /** Counts the words of its node's share: node-k holds k words. */
  static final class WordsMapper implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      String node = ctx.world().nodeId();
      ctx.results().add("words", Integer.parseInt(node.substring(node.indexOf('-') + 1)));
    }
  }

  /** Sums the mappers' counts. */
  static final class SumReducer implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      Map<String, Integer> counts = ctx.results().select("words", Integer.class);
      ctx.results().add("total", counts.values().stream().mapToInt(Integer::intValue).sum());
    }
  }

  @Test
  void aPortedMapReduceWithNoMethodMapsOnEveryNode() {
    SwarmGraph g = Swarms.define("ported_mapreduce", s -> {
      var mappers = s.task(WordsMapper.class, t -> t.alias("mappers"));
      var reducer = s.task(SumReducer.class, t -> t.alias("reducer").method(Method.ANY));
      s.flow(reducer.after(mappers));
    });
    assertEquals(Method.ALL, g.task("mappers").orElseThrow().method());
    assertEquals(-1, g.task("mappers").orElseThrow().effectiveMaximum());

    RunReport r = local(g, 6).build().run().requireCompleted();
    assertEquals(6, r.nodes("mappers", 1).size(), "a mapper per node");
    assertEquals(1, r.nodes("reducer", 1).size(), "ANY, set explicitly, still runs once");
    Map<String, Integer> total = r.results(1, "total", Integer.class);
    assertEquals(1 + 2 + 3 + 4 + 5 + 6, total.values().iterator().next());
    assertEquals("mappers", Results.aliasOf(r.results(1, "words").keySet().iterator().next()));
  }
}
