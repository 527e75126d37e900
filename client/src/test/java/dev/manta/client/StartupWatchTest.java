package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupWatchTest {
  @Test
  void onePullFailureNamesTheNodeTheImageAndWhereItRuns() {
    MantaClientException e = StartupWatch.pullFailed(new StartupWatch.PullFailure("manta-s-agent-w",
        "10.0.0.9:5000/a/w@sha256:ab", Map.of("mnode3", "No such image: 10.0.0.9:5000/a/w@sha256:ab"),
        List.of("mnode2", "vm")));
    assertEquals(MantaClientException.Reason.IMAGE_PULL_FAILED, e.reason());
    assertTrue(e.getMessage().startsWith("node mnode3 cannot pull image 10.0.0.9:5000/a/w@sha256:ab of manta-s-agent-w "
        + "(it runs on mnode2, vm): No such image: 10.0.0.9:5000/a/w@sha256:ab\n  Every node must reach the registry"),
        e.getMessage());
    assertFalse(e.getMessage().contains("loopback"), e.getMessage());
  }

  @Test
  void differentErrorsAreGivenPerNodeAndALoopbackRegistryIsExplained() {
    MantaClientException e = StartupWatch.pullFailed(new StartupWatch.PullFailure("manta-s-agent-w",
        "127.0.0.1:5002/a/w:1", Map.of("mnode2", "No such image: x", "mnode3", "manifest unknown"), List.of()));
    assertTrue(e.getMessage().startsWith("nodes mnode2, mnode3 cannot pull image 127.0.0.1:5002/a/w:1 of "
        + "manta-s-agent-w: mnode2: No such image: x; mnode3: manifest unknown\n"), e.getMessage());
    assertTrue(e.getMessage().contains("each node's own loopback"), e.getMessage());
  }
}
