package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.manifest.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
  /** The test cluster's three nodes, as scripts/cluster-nodes labels them. */
  static final List<ClusterNode> NODES = List.of(
      node("d1", "node-1", "vm", "digits-test", false, true),
      node("d2", "node-2", "mnode2", "digits", false, true),
      node("d3", "node-3", "mnode3", "digits,extra", true, true));

  static ClusterNode node(String dockerId, String id, String host, String datasets, boolean gpu, boolean ready) {
    return new ClusterNode(dockerId, id, host, "10.0.0.1", id.equals("node-1"), ready, NodeReader.datasets(datasets),
        gpu, Map.of("manta.node", id), 2, 1L << 30);
  }

  private static List<String> eligible(Manifest m, String module, List<ClusterNode> nodes) {
    return Placement.of(m, nodes).get(module).eligible().stream().map(ClusterNode::id).toList();
  }

  @Test
  void datasetsKeepAModuleOffNodesWithoutThem() {
    Manifest m = TestManifests.single("s", "\"digits\"");
    assertEquals(List.of("node-2", "node-3"), eligible(m, "worker", NODES));
    Placement.ModulePlacement p = Placement.of(m, NODES).get("worker");
    assertEquals(List.of("node.id!=d1"), p.constraints(NODES));
    assertTrue(p.excluded().get("node-1").contains("digits"), p.excluded().toString());
  }

  @Test
  void aDatasetAmongSeveralInTheLabelCounts() {
    assertEquals(List.of("node-3"), eligible(TestManifests.single("s", "\"extra\""), "worker", NODES));
  }

  @Test
  void gpuNeededWhenEveryTaskOfTheModuleNeedsOne() {
    Manifest m = TestManifests.manifest("s", TestManifests.module("worker", "", false),
        TestManifests.task("work", "worker", "", "", "", true), "", "\"work\"");
    Placement.ModulePlacement p = Placement.of(m, NODES).get("worker");
    assertEquals(List.of("node-3"), p.eligible().stream().map(ClusterNode::id).toList());
    assertEquals(List.of("node.labels.manta.gpu==true", "node.id!=d1", "node.id!=d2"), p.constraints(NODES));
    Manifest mixed = TestManifests.manifest("s", TestManifests.module("worker", "", false),
        TestManifests.task("a", "worker", "", "", "", true) + "," + TestManifests.task("b", "worker", "", "", "", false),
        "", "\"a\",\"b\"");
    assertEquals(3, eligible(mixed, "worker", NODES).size());
  }

  @Test
  void specifiedIdsRestrictOnlyWhenEveryTaskNamesSome() {
    Manifest m = TestManifests.manifest("s", TestManifests.module("worker", "", false),
        TestManifests.task("a", "worker", "\"node-2\"", "", "", false) + ","
            + TestManifests.task("b", "worker", "\"node-3\"", "", "", false), "", "\"a\",\"b\"");
    assertEquals(List.of("node-2", "node-3"), eligible(m, "worker", NODES));
    Manifest open = TestManifests.manifest("s", TestManifests.module("worker", "", false),
        TestManifests.task("a", "worker", "\"node-2\"", "", "", false) + ","
            + TestManifests.task("b", "worker", "", "", "", false), "", "\"a\",\"b\"");
    assertEquals(3, eligible(open, "worker", NODES).size());
  }

  @Test
  void exceptedIdsExcludeWhenEveryTaskExceptsTheNode() {
    Manifest m = TestManifests.manifest("s", TestManifests.module("worker", "", false),
        TestManifests.task("a", "worker", "", "\"node-1\"", "", false), "", "\"a\"");
    assertEquals(List.of("node-2", "node-3"), eligible(m, "worker", NODES));
  }

  @Test
  void nodesNotReadyAreNotEligible() {
    List<ClusterNode> nodes = List.of(NODES.get(0), node("d2", "node-2", "mnode2", "", false, false));
    assertEquals(List.of("node-1"), eligible(TestManifests.single("s", ""), "worker", nodes));
  }

  @Test
  void nodeLabelsKeepAModuleOnNodesCarryingThemForAtLeastOneTask() {
    List<ClusterNode> nodes = List.of(NODES.get(0), NODES.get(1),
        new ClusterNode("d3", "node-3", "mnode3", "10.0.0.1", false, true, List.of(), false,
            Map.of("manta.node", "node-3", "zone", "east"), 2, 1L << 30));
    String east = TestManifests.task("a", "worker", "", "", "", false).replace("\"timeout\": null}",
        "\"timeout\": null, \"labels\": [\"zone=east\"]}");
    Manifest m = TestManifests.manifest("s", TestManifests.module("worker", "", false), east, "", "\"a\"");
    Placement.ModulePlacement p = Placement.of(m, nodes).get("worker");
    assertEquals(List.of("node-3"), p.eligible().stream().map(ClusterNode::id).toList());
    assertEquals(List.of("node.id!=d1", "node.id!=d2"), p.constraints(nodes));
    assertTrue(p.excluded().get("node-1").contains("zone=east"), p.excluded().toString());
    Manifest open = TestManifests.manifest("s", TestManifests.module("worker", "", false),
        east + "," + TestManifests.task("b", "worker", "", "", "", false), "", "\"a\",\"b\"");
    assertEquals(3, eligible(open, "worker", nodes).size());
  }
}
