package dev.manta.samples.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TypeRef;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.samples.testkit.InMemoryWorld;
import dev.manta.validation.GraphValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import dev.manta.samples.testkit.SwarmInterfaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swarm's graph, and its task classes run against an in-memory world on real node folders. */
class MapReduceSwarmTest {
  @TempDir Path root;

  /** The DSL equivalent of {@link MapReduceJob}, until the processor generates it. */
  static SwarmGraph graph() {
    return Swarms.define("mapreduce_job", s -> {
      int parts = s.global(Reducer.PARTS, 10);
      var mappers = s.copies(Mapper.class, parts, t -> t.alias("mapper"));
      var reducer = s.task(Reducer.class, t -> t.alias("reducer").method(Method.ANY).maximum(1));
      s.flow(reducer.after(mappers));
    });
  }

  @Test
  void graphIsTenMappersIntoOneReducer() {
    SwarmGraph g = graph();
    assertEquals(List.of(), GraphValidator.validate(g));
    List<String> mappers = IntStream.range(0, 10).mapToObj(i -> "mapper_" + i).toList();
    assertEquals(mappers, g.task("reducer").orElseThrow().upstreamAliases());
    assertEquals(List.of("reducer"), g.sinks());
  }

  @Test
  void reducedCountsEqualASingleProcessCount() throws Exception {
    String text = TextSplitter.bundled();
    TextSplitter.writeNodeFolders(root, text, 10);
    InMemoryWorld world = InMemoryWorld.of(graph()).nodeFolders(root);
    List<String> nodes = world.nodesWith(TextSplitter.DATASET);
    assertEquals(10, nodes.size());
    for (int i = 0; i < 10; i++) {
      world.run(new Mapper(), "mapper_" + i, nodes.get(i));
    }
    world.run(new Reducer(), "reducer", nodes.get(0));
    assertTrue(world.endIteration().isEmpty(), "one pass, no further iteration");

    Map<String, Long> counts = readCounts(world);
    assertEquals(WordCount.count(text), counts);
    assertEquals(nodes, world.global(Reducer.SHARDS, List.class));
  }

  @Test
  void mappersSharingANodeMakeTheReducerFailInsteadOfUndercounting() throws Exception {
    TextSplitter.writeNodeFolders(root, TextSplitter.bundled(), 10);
    InMemoryWorld world = InMemoryWorld.of(graph()).nodeFolders(root);
    List<String> nodes = world.nodesWith(TextSplitter.DATASET);
    for (int i = 0; i < 10; i++) {
      world.run(new Mapper(), "mapper_" + i, nodes.get(i % 8)); // two nodes never counted
    }
    var e = assertThrows(IllegalStateException.class, () -> world.run(new Reducer(), "reducer", nodes.get(0)));
    assertTrue(e.getMessage().contains("from 8 nodes") && e.getMessage().contains("10 parts"), e.getMessage());
    assertFalse(world.log().stream().anyMatch(l -> l.contains("merged")));
  }

  /** Global {@code counts} read back through JSON as word → count, the way a downstream task would. */
  private static Map<String, Long> readCounts(InMemoryWorld world) {
    var json = dev.manta.graph.Json.mapper();
    return json.convertValue(world.global(Reducer.COUNTS, Map.class),
        json.getTypeFactory().constructType(new TypeRef<Map<String, Long>>() {}.type()));
  }

  @Test
  void dslEquivalentMatchesTheAnnotatedInterface() {
    assertEquals(List.of(), SwarmInterfaces.differences(MapReduceJob.class, graph()));
  }
}
