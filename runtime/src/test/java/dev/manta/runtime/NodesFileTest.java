package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.NodeSpecException;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesFileTest {
  @TempDir
  Path dir;

  private NodeSpecException bad(String name, String content) throws Exception {
    Path file = Files.writeString(dir.resolve(name), content);
    NodeSpecException e = assertThrows(NodeSpecException.class, () -> Nodes.read(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    return e;
  }

  @Test
  void readsYamlWithDatasetsRelativeToTheFile() throws Exception {
    Files.createDirectories(dir.resolve("data/digits"));
    Path file = Files.writeString(dir.resolve("nodes.yaml"), """
        nodes:
          - id: node-a
            labels: {zone: east}
            gpu: true
            datasets: {digits: data/digits}
          - id: node-b
        """);
    List<NodeSpec> nodes = Nodes.read(file);
    assertEquals(2, nodes.size());
    assertEquals(Map.of("zone", "east"), nodes.get(0).labels());
    assertTrue(nodes.get(0).gpu());
    assertEquals(dir.resolve("data/digits"), nodes.get(0).datasets().get("digits"));
    assertEquals(NodeSpec.of("node-b"), nodes.get(1));
  }

  @Test
  void readsJsonAndRunsOnIt() throws Exception {
    Files.createDirectories(dir.resolve("d"));
    Path file = Files.writeString(dir.resolve("nodes.json"),
        "{\"nodes\": [{\"id\": \"n1\", \"datasets\": {\"digits\": \"d\"}}, {\"id\": \"n2\"}]}");
    SwarmGraph g = Swarms.define("from_file", s -> s.task(Fixtures.A.class, t -> t.alias("a").method(Method.ALL)
        .datasets("digits")));
    RunReport r = LocalRun.builder(g).nodes(file).build().run().requireCompleted();
    assertEquals(java.util.Set.of("n1"), r.nodes("a", 1));
  }

  @Test
  void countGivesNumberedIdenticalNodes() {
    assertEquals(List.of(NodeSpec.of("node-1"), NodeSpec.of("node-2")), Nodes.count(2));
    assertThrows(NodeSpecException.class, () -> Nodes.count(0));
  }

  @Test
  void duplicateIdIsNamed() throws Exception {
    String m = bad("dup.yaml", "nodes:\n  - id: n1\n  - id: n2\n  - id: n1\n").getMessage();
    assertTrue(m.contains("node 'n1' (nodes[2]) is declared twice"), m);
  }

  @Test
  void missingDatasetFolderIsNamedWithTheFix() throws Exception {
    String m = bad("missing.yaml", "nodes:\n  - id: n1\n    datasets: {digits: nowhere/digits}\n").getMessage();
    assertTrue(m.contains("node 'n1' (nodes[0])") && m.contains("dataset 'digits'")
        && m.contains(dir.resolve("nowhere/digits").toString()) && m.contains("does not exist"), m);
  }

  @Test
  void unknownFieldIsNamedWithTheAllowedOnes() throws Exception {
    String m = bad("unknown.json", "{\"nodes\": [{\"id\": \"n1\", \"gpus\": 2}]}").getMessage();
    assertTrue(m.contains("node 'n1' (nodes[0]) has unknown field 'gpus' (did you mean 'gpu'?)")
        && m.contains("allowed: id, labels, gpu, datasets"), m);
    String top = bad("top.yaml", "nodes: [{id: n1}]\nnode: []\n").getMessage();
    assertTrue(top.contains("unknown top-level field 'node'"), top);
  }

  @Test
  void badIdIsNamedWithTheRule() throws Exception {
    String m = bad("id.yaml", "nodes:\n  - id: 'my node!'\n").getMessage();
    assertTrue(m.contains("node 'my node!' (nodes[0]) has a bad id") && m.contains("letters, digits"), m);
    String none = bad("noid.yaml", "nodes:\n  - gpu: true\n").getMessage();
    assertTrue(none.contains("nodes[0] has no 'id'"), none);
  }

  @Test
  void everyProblemOfANodesFileIsReportedAtOnce() throws Exception {
    String m = bad("four.yaml", "nodes:\n"
        + "  - id: n1\n    gpus: true\n"
        + "  - {id: n2, gpu: maybe}\n"
        + "  - {id: 'my node!'}\n"
        + "  - {id: n1, datasets: {digits: nowhere}}\n").getMessage();
    assertTrue(m.startsWith(dir.resolve("four.yaml") + ": 4 problems:\n  - "), m);
    assertTrue(m.contains("node 'n1' (nodes[0]) has unknown field 'gpus' (did you mean 'gpu'?)"), m);
    assertTrue(m.contains("node 'n2' (nodes[1]): 'gpu' must be true or false, not \"maybe\""), m);
    assertTrue(m.contains("node 'my node!' (nodes[2]) has a bad id"), m);
    assertTrue(m.contains("node 'n1' (nodes[3]): dataset 'digits' points to " + dir.resolve("nowhere")), m);
  }

  @Test
  void everyProblemOfANodesFolderIsReportedAtOnce() throws Exception {
    Path root = dir.resolve("folders");
    Files.createDirectories(root.resolve("bad id!"));
    Files.createDirectories(root.resolve("n1"));
    Files.writeString(root.resolve("n1/data.csv"), "1");
    Files.writeString(root.resolve("n1/data.txt"), "2");
    NodeSpecException e = assertThrows(NodeSpecException.class, () -> Nodes.fromDirectory(root));
    assertTrue(e.getMessage().startsWith(root + ": 2 problems:\n  - "), e.getMessage());
    assertTrue(e.getMessage().contains("folder name 'bad id!' is not a valid node id"), e.getMessage());
    assertTrue(e.getMessage().contains("node 'n1' has two entries for dataset 'data'"), e.getMessage());
  }

  @Test
  void aNumericIdIsTheIdNotAMissingOne() throws Exception {
    Path file = dir.resolve("numeric.yaml");
    Files.writeString(file, "nodes:\n  - id: 5\n  - id: 6\n");
    assertEquals(List.of(NodeSpec.of("5"), NodeSpec.of("6")), Nodes.read(file));
    String m = bad("flag.yaml", "nodes: [{id: true}]").getMessage();
    assertTrue(m.contains("nodes[0] has id true, which is not text; write it as text"), m);
  }

  @Test
  void wrongShapesAreExplained() throws Exception {
    assertTrue(bad("empty.yaml", "nodes: []\n").getMessage().contains("non-empty list"));
    assertTrue(bad("flat.json", "[{\"id\": \"n1\"}]").getMessage().contains("top-level field 'nodes'"));
    assertTrue(bad("gpu.yaml", "nodes: [{id: n1, gpu: maybe}]").getMessage().contains("'gpu' must be true or false"));
    assertTrue(bad("syntax.json", "{\"nodes\": [").getMessage().contains("not valid JSON"));
    NodeSpecException missing = assertThrows(NodeSpecException.class, () -> Nodes.read(dir.resolve("none.yaml")));
    assertTrue(missing.getMessage().contains("nodes file not found"), missing.getMessage());
  }

  @Test
  void nodesBuiltInCodeAreCheckedToo() {
    NodeSpecException e = assertThrows(NodeSpecException.class, () -> LocalRun.builder(
        Swarms.define("x", s -> s.task(Fixtures.A.class))).nodes(NodeSpec.of("a").withDataset("d", dir.resolve("no"))));
    assertTrue(e.getMessage().contains("node 'a': dataset 'd'") && e.getMessage().contains("does not exist"),
        e.getMessage());
    IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> NodeSpec.of("-x"));
    assertTrue(id.getMessage().contains("node id '-x' is not valid"), id.getMessage());
  }

  @Test
  void remoteNodesKeepTheirDatasetPathsUncheckedButNotTheirIds() {
    NodeSpec remote = NodeSpec.of("a").withDataset("d", dir.resolve("on-another-machine"));
    LocalRun.Builder b = LocalRun.builder(Swarms.define("x", s -> s.task(Fixtures.A.class)));
    assertEquals(1, b.remoteNodes(java.util.List.of(remote)).build().nodes().size());
    NodeSpecException twice = assertThrows(NodeSpecException.class,
        () -> b.remoteNodes(java.util.List.of(remote, NodeSpec.of("a"))));
    assertTrue(twice.getMessage().contains("node 'a' is declared twice"), twice.getMessage());
    assertThrows(NodeSpecException.class, () -> b.remoteNodes(java.util.List.of()));
  }

  @Test
  void aFolderPerNodeWithADatasetPerEntry() throws Exception {
    Path root = dir.resolve("nodes");
    Files.createDirectories(root.resolve("node-2"));
    Files.writeString(root.resolve("node-2/digits.csv"), "1,2\n");
    Files.createDirectories(root.resolve("node-1/images/a"));
    Files.writeString(root.resolve("node-1/digits.csv.gz"), "x");
    Files.writeString(root.resolve("node-1/README"), "x");
    Files.writeString(root.resolve("node-1/.hidden"), "x");
    Files.createDirectories(root.resolve("test"));
    Files.writeString(root.resolve("test/digits-test.csv"), "x");
    Files.writeString(root.resolve("notes.txt"), "not a node");

    List<NodeSpec> nodes = Nodes.fromDirectory(root);
    assertEquals(List.of("node-1", "node-2", "test"), nodes.stream().map(NodeSpec::id).toList());
    assertEquals(Map.of("digits.csv", root.resolve("node-1/digits.csv.gz").toAbsolutePath(),
        "images", root.resolve("node-1/images").toAbsolutePath(),
        "README", root.resolve("node-1/README").toAbsolutePath()), nodes.get(0).datasets());
    assertEquals(Map.of("digits", root.resolve("node-2/digits.csv").toAbsolutePath()), nodes.get(1).datasets());
    assertEquals(Map.of("digits-test", root.resolve("test/digits-test.csv").toAbsolutePath()),
        nodes.get(2).datasets());
  }

  @Test
  void aNodesFolderRunsThroughTheBuilderAndTasksReadTheirDatasets() throws Exception {
    Path root = dir.resolve("nodes");
    Files.createDirectories(root.resolve("n1"));
    Files.writeString(root.resolve("n1/words.txt"), "one two");
    Files.createDirectories(root.resolve("n2"));
    SwarmGraph g = Swarms.define("folders", s -> s.task(Reads.class, t -> t.alias("reader").method(Method.ALL)));
    RunReport r = LocalRun.builder(g).nodes(root).build().run().requireCompleted();
    assertEquals(Map.of("reader/n1", "one two"), r.results(1, "text", String.class));
  }

  @dev.manta.Task(datasets = "words")
  static final class Reads implements dev.manta.TaskBody {
    @Override
    public void run(dev.manta.TaskContext ctx) throws Exception {
      ctx.results().add("text", new String(ctx.local().bytes("words"), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void badNodesFoldersAreClearErrors() throws Exception {
    NodeSpecException missing = assertThrows(NodeSpecException.class, () -> Nodes.fromDirectory(dir.resolve("none")));
    assertTrue(missing.getMessage().contains("nodes folder not found"), missing.getMessage());
    Files.createDirectories(dir.resolve("empty"));
    NodeSpecException empty = assertThrows(NodeSpecException.class, () -> Nodes.fromDirectory(dir.resolve("empty")));
    assertTrue(empty.getMessage().contains("holds no sub-folder"), empty.getMessage());
    Files.createDirectories(dir.resolve("twice/n1"));
    Files.writeString(dir.resolve("twice/n1/data.csv"), "x");
    Files.writeString(dir.resolve("twice/n1/data.json"), "x");
    NodeSpecException twice = assertThrows(NodeSpecException.class, () -> Nodes.fromDirectory(dir.resolve("twice")));
    assertTrue(twice.getMessage().contains("two entries for dataset 'data'"), twice.getMessage());
    Files.createDirectories(dir.resolve("badid/-x"));
    NodeSpecException badId = assertThrows(NodeSpecException.class, () -> Nodes.fromDirectory(dir.resolve("badid")));
    assertTrue(badId.getMessage().contains("not a valid node id"), badId.getMessage());
  }
}
