package dev.manta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.TestCluster;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cluster scripts/cluster brought up: every node ready, each with its own manta.node label. */
@Tag("docker")
class TestClusterDockerTest {
  @Test
  void everyNodeIsReadyAndLabelledFromTheNodesFile() {
    TestCluster.require();
    String list = TestCluster.nodeList();
    System.out.println("[test cluster] " + list.lines().count() + " node(s):\n" + list);
    List<String> nodes = list.lines().toList();
    assertFalse(nodes.isEmpty(), list);
    Pattern label = Pattern.compile("manta\\.node=(node-\\d+)");
    List<String> ids = nodes.stream().map(l -> {
      assertTrue(l.contains(" ready "), "node not ready: " + l);
      Matcher m = label.matcher(l);
      assertTrue(m.find(), "no manta.node label: " + l);
      return m.group(1);
    }).sorted().toList();
    assertEquals(ids.stream().distinct().count(), ids.size(), "manta.node labels repeat: " + list);
    // The manager is node 1, and scripts/cluster-nodes gives it the role manager.
    assertTrue(nodes.stream().anyMatch(l -> l.contains(" manager ") && l.contains("manta.node=node-1 ")
        && l.contains("manta.role=manager")), list);
  }
}
