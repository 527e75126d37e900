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
}
