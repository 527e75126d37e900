package dev.manta.samples.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.TypeRef;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import dev.manta.validation.GraphValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated {@code MantaMapReduceJob} on the local runtime, on real node folders. */
class MapReduceSwarmTest {
  private static final List<String> MAPPERS = IntStream.range(0, 10).mapToObj(i -> "mapper_" + i).toList();

  @TempDir Path root;

  @Test
  void generatedGraphIsTenMappersIntoOneReducer() {
    SwarmGraph g = new MantaMapReduceJob().graph();
    assertEquals(List.of(), GraphValidator.validate(g));
    assertEquals(MAPPERS, g.task("reducer").orElseThrow().upstreamAliases());
    assertEquals(List.of("reducer"), g.sinks());
  }

  @Test
  void reducedCountsEqualASingleProcessCountOfTheSameText() throws Exception {
    String text = TextSplitter.bundled();
    TextSplitter.writeNodeFolders(root, text, 10);

    RunReport r = LocalRun.builder(new MantaMapReduceJob()).nodes(Nodes.fromDirectory(root)).seed(3).build().run()
        .requireCompleted();

    assertEquals(WordCount.count(text), r.global(Reducer.COUNTS, new TypeRef<Map<String, Long>>() {}));
    // Ten mappers on ten nodes: each on a node of its own, so every part was counted once.
    Set<String> used = new TreeSet<>();
    for (String mapper : MAPPERS) {
      assertEquals(1, r.succeededNodes(mapper, 1).size(), mapper);
      used.addAll(r.succeededNodes(mapper, 1));
    }
    List<String> nodes = IntStream.range(0, 10).mapToObj(TextSplitter::nodeId).sorted().toList();
    assertEquals(nodes, List.copyOf(used));
    assertEquals(nodes, r.global(Reducer.SHARDS, new TypeRef<List<String>>() {}));
    assertEquals(1, r.iterations());
  }

  @Test
  void tooFewNodesMakeTheReducerFailInsteadOfUndercounting() throws Exception {
    // Eight parts on eight nodes but ten mappers: two nodes hold two mappers each, so only eight
    // node results arrive; the reducer refuses to publish a count.
    TextSplitter.writeNodeFolders(root, TextSplitter.bundled(), 8);
    RunReport r = LocalRun.builder(new MantaMapReduceJob()).nodes(root).build().run();
    assertEquals(RunStatus.FAILED, r.status(), r.summary());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("from 8 nodes") && failure.contains("10 parts"), failure);
    assertTrue(r.globals().get(Reducer.COUNTS) == null, "no count may be published: " + r.globalsJson());
  }
}
