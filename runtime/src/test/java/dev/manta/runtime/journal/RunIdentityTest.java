package dev.manta.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a refused resume says about the nodes: the ids missing now and the ids new now, each list
 * cut after eight ids so that a cluster of hundreds of nodes still gives a readable message.
 */
class RunIdentityTest {
  /** Node ids {@code node-<from>} to {@code node-<to>}, two digits each so that they sort by number. */
  private static List<String> nodes(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("node-%02d", i)).toList();
  }

  private static RunIdentity on(List<String> nodes) {
    return new RunIdentity("graph", List.of("a"), nodes, "specs", Map.of());
  }

  private static List<String> differences(List<String> then, List<String> now) {
    return on(then).differencesTo(on(now));
  }

  @Test
  void nodesNewNowAreNamed() {
    assertEquals(List.of("nodes: the journal's run had 2 node(s), this run has 3; new now: node-03"),
        differences(nodes(1, 2), nodes(1, 3)));
    assertEquals(List.of("nodes: the journal's run had 2 node(s), this run has 2; missing now: node-01; new now: node-03"),
        differences(nodes(1, 2), nodes(2, 3)));
  }

  @Test
  void eightNodesAreListedInFullAndMoreAreCounted() {
    assertEquals(List.of("nodes: the journal's run had 9 node(s), this run has 1; missing now: node-02, node-03,"
        + " node-04, node-05, node-06, node-07, node-08, node-09"), differences(nodes(1, 9), nodes(1, 1)));
    assertEquals(List.of("nodes: the journal's run had 1 node(s), this run has 12; new now: node-02, node-03, node-04,"
        + " node-05, node-06, node-07, node-08, node-09 and 3 more"), differences(nodes(1, 1), nodes(1, 12)));
  }

  @Test
  void theSameRunDiffersInNothing() {
    assertEquals(List.of(), differences(nodes(1, 9), nodes(1, 9)));
  }
}
