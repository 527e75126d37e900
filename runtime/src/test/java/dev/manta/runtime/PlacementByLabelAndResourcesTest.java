package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.dsl.TaskOptions;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.NodeSpecException;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement by node label and by free resources (the original SDK's "tag-…" and "best_resources"). */
class PlacementByLabelAndResourcesTest {
  private static final List<NodeSpec> ZONED = List.of(
      NodeSpec.of("node-1").withLabel("zone", "east").withCapacity(2, "4Gi"),
      NodeSpec.of("node-2").withLabel("zone", "east").withLabel("disk", "ssd").withCapacity(8, "16Gi"),
      NodeSpec.of("node-3").withLabel("zone", "west").withCapacity(4, "32Gi"),
      NodeSpec.of("node-4").withLabel("zone", "west"));

  private static SwarmGraph one(Consumer<TaskOptions> options) {
    return Swarms.define("placed", s -> s.task(A.class, t -> options.accept(t.alias("a"))));
  }

  private static RunReport run(SwarmGraph g) {
    return LocalRun.builder(g).nodes(ZONED).seed(3).build().run().requireCompleted();
  }

  @Test
  void labelsKeepATaskToTheNodesCarryingThemAll() {
    assertEquals(Set.of("node-1", "node-2"), run(one(t -> t.labels("zone=east"))).nodes("a", 1));
    assertEquals(Set.of("node-2"), run(one(t -> t.labels("zone=east", "disk=ssd"))).nodes("a", 1));
    assertEquals(Set.of("node-3", "node-4"), run(one(t -> t.labels("zone=west"))).nodes("a", 1));
    assertEquals(1, run(one(t -> t.method(Method.ANY).labels("zone=west"))).nodes("a", 1).size());
  }

  @Test
  void labelsNoNodeCarriesAreRefusedAtLaunch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalRun.builder(one(t -> t.labels("zone=north"))).nodes(ZONED).build());
    assertEquals("task 'a' runs only on nodes labelled zone=north, and no node of this run carries it (node-2:"
        + " disk=ssd, zone=east; node-1: zone=east; node-3, node-4: zone=west); add the labels to the nodes file"
        + " (labels: {zone: east}) or change the task's labels", e.getMessage());
  }

  @Test
  void bestResourcesTakesTheNodesWithTheMostRoomForTheModule() {
    // 1 cpu, 512Mi per instance: room node-1 2, node-2 8, node-3 4, node-4 none declared.
    assertEquals(Set.of("node-2"), run(one(t -> t.method(Method.BEST_RESOURCES))).nodes("a", 1));
    assertEquals(Set.of("node-2", "node-3"), run(one(t -> t.method(Method.BEST_RESOURCES).maximum(2))).nodes("a", 1));
    // 1 cpu, 8Gi per instance: room node-1 0.5, node-2 2, node-3 4 — memory decides.
    assertEquals(Set.of("node-3"),
        run(one(t -> t.method(Method.BEST_RESOURCES).resources(1, "8Gi"))).nodes("a", 1));
    // Labels narrow first, then the ranking: of the east nodes, node-2.
    assertEquals(Set.of("node-2"),
        run(one(t -> t.method(Method.BEST_RESOURCES).labels("zone=east"))).nodes("a", 1));
    // A node without capacity comes last: fraction 1 takes them all.
    assertEquals(4, run(one(t -> t.method(Method.BEST_RESOURCES).fraction(1))).nodes("a", 1).size());
  }

  @Test
  void bestResourcesCountsInstancesAlreadyPlacedOnANode() {
    // Copies of 2 cpu, 1Gi, placed one after another. Room: node-1 1, node-2 4, node-3 2. c_0 and
    // c_1 go to node-2 (4, then 3 left); then node-2 and node-3 both have room for 2 (the seed
    // picks); the fourth copy goes where room is left. node-1 (room 1) and node-4 (none declared)
    // come last and get nothing.
    SwarmGraph g = Swarms.define("copies", s -> s.copies(A.class, 4,
        t -> t.alias("c").method(Method.BEST_RESOURCES).resources(2, "1Gi")));
    RunReport r = LocalRun.builder(g).nodes(ZONED).seed(3).build().run().requireCompleted();
    assertEquals("node-2", r.nodes("c_0", 1).first());
    assertEquals("node-2", r.nodes("c_1", 1).first());
    java.util.Map<String, Long> perNode = java.util.stream.IntStream.range(0, 4)
        .mapToObj(i -> r.nodes("c_" + i, 1).first())
        .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    assertEquals(java.util.Map.of("node-2", 3L, "node-3", 1L), perNode, "three on node-2 and one on node-3, whichever way the tie at the third goes");
  }

  @Test
  void bestResourcesWithoutAnyDeclaredCapacityIsRefusedAtLaunch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalRun.builder(one(t -> t.method(Method.BEST_RESOURCES))).nodes(3).build());
    assertTrue(e.getMessage().startsWith("task 'a' uses method BEST_RESOURCES, which ranks nodes by free capacity, "
        + "but no node of this run declares one; give the nodes a capacity in the nodes file"), e.getMessage());
  }

  @Test
  void theNodesFileDeclaresCapacity(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nodes.yaml");
    Files.writeString(file, """
        nodes:
          - id: big
            labels: {zone: east}
            capacity: {cpu: 16, memory: 64Gi}
          - id: plain
        """);
    List<NodeSpec> nodes = Nodes.read(file);
    assertEquals(new ResourceSpec(16, "64Gi"), nodes.get(0).capacity());
    assertNull(nodes.get(1).capacity());

    Files.writeString(file, """
        nodes:
          - id: bad
            capacity: {cpu: 0, memory: 4GB}
        """);
    NodeSpecException e = assertThrows(NodeSpecException.class, () -> Nodes.read(file));
    assertTrue(e.getMessage().contains("node 'bad' (nodes[0]): capacity cpu must be a positive number of cores, not 0"),
        e.getMessage());
    assertTrue(e.getMessage().contains("capacity memory \"4GB\" is not a quantity"), e.getMessage());
  }
}
