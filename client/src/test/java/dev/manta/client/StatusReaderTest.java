package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReaderTest {
  private static final List<SwarmStatus.Container> CONTAINERS = List.of(
      new SwarmStatus.Container("conductor", "", "vm", "running", null),
      new SwarmStatus.Container("agent", "trainer", "mnode2", "running", ""),
      new SwarmStatus.Container("agent", "trainer", "mnode3", "rejected", "No such image"));

  @Test
  void theConductorsDocument() {
    String json = """
        {"swarm": "fl", "status": "FAILED", "iteration": 3, "failure": "task 'trainers' failed on every node",
         "tasks": {"trainers": {"node-3": "FAILED", "node-2": "LOST"}}, "failures": ["3/trainers/node-2 LOST"],
         "lostNodes": ["node-2"], "agents": ["node-3 com.example.Trainer (mnode3)"]}""";
    SwarmStatus s = StatusReader.parse("fl", json, CONTAINERS);
    assertEquals("FAILED", s.run());
    assertTrue(s.ended());
    assertEquals(3, s.iteration());
    assertEquals("task 'trainers' failed on every node", s.failureCause().orElseThrow());
    assertEquals(Map.of("trainers", Map.of("node-2", "LOST", "node-3", "FAILED")), s.tasks());
    assertEquals(List.of("3/trainers/node-2 LOST"), s.failures());
    assertEquals(List.of("node-2"), s.lostNodes());
    assertEquals(1, s.agents().size());
    assertEquals(1, s.runningAgentContainers());
    String text = s.describe();
    assertTrue(text.startsWith("swarm 'fl': FAILED, iteration 3, 1 agent(s) registered"), text);
    assertTrue(text.contains("lost nodes: [node-2]"), text);
    assertTrue(text.contains("rejected (No such image)"), text);
  }

  @Test
  void startingIsNotEndedAndUnreachableSaysSo() {
    SwarmStatus starting = StatusReader.parse("fl", "{\"status\": \"STARTING\", \"iteration\": 0, \"failure\": null}",
        CONTAINERS);
    assertFalse(starting.ended());
    assertTrue(starting.failureCause().isEmpty());
    SwarmStatus none = StatusReader.unreachable("fl", CONTAINERS);
    assertEquals(SwarmStatus.UNREACHABLE, none.run());
    assertFalse(none.ended());
    MantaClientException bad = assertThrows(MantaClientException.class, () -> StatusReader.parse("fl", "<html>", List.of()));
    assertEquals(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, bad.reason());
  }
}
