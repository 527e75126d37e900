package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.TestCluster;
import dev.manta.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a deploy can fail, on the real test cluster: a clear reason, and no Docker object of
 * the swarm (nor its token) left behind.
 */
@Tag("docker")
class DeployFailuresDockerTest {
  private static final String MISSING = TestCluster.REGISTRY + "/manta/does-not-exist@sha256:" + "0".repeat(64);
  private static final Path WORKER_SOCKET = Path.of("/var/lib/manta-cluster/node2/docker.sock");
  private static final Path BASE_IMAGE = Path.of("/var/lib/manta-cluster/base-image");

  @TempDir
  Path tokens;

  @BeforeEach
  void cluster() {
    TestCluster.require();
  }

  private MantaClient client() {
    return MantaClient.builder().tokenDirectory(tokens).build();
  }

  private Deployment deployment(String swarm, String datasets, String image) {
    Manifest m = TestManifests.single(swarm, datasets);
    return Deployment.builder(m).image("worker", image).datasetsRoot("/nonexistent")
        .startTimeout(Duration.ofSeconds(90)).build();
  }

  @Test
  void noEngine() {
    try (MantaClient c = MantaClient.builder().dockerHost("unix:///nonexistent/docker.sock").tokenDirectory(tokens)
        .build()) {
      MantaClientException e = assertThrows(MantaClientException.class, c::nodes);
      assertEquals(MantaClientException.Reason.NO_DOCKER, e.reason());
      assertTrue(e.getMessage().contains("DOCKER_HOST"), e.getMessage());
    }
  }

  @Test
  void aWorkerIsNotAManager() {
    Assumptions.assumeTrue(Files.exists(WORKER_SOCKET), "needs the worker engine of 'scripts/cluster up 3'");
    try (MantaClient c = MantaClient.builder().dockerHost("unix://" + WORKER_SOCKET).tokenDirectory(tokens).build()) {
      MantaClientException e = assertThrows(MantaClientException.class,
          () -> c.deploy(deployment("not_manager", "", MISSING)));
      assertEquals(MantaClientException.Reason.NOT_A_MANAGER, e.reason());
      assertTrue(e.getMessage().contains("not a swarm manager"), e.getMessage());
    }
    assertEquals(List.of(), TestCluster.objectsOf("not_manager"));
  }

  @Test
  void aNameAlreadyDeployed() {
    String swarm = "already_there";
    TestCluster.Result net = TestCluster.docker("network", "create", "-d", "overlay", "--label",
        "manta.swarm=" + swarm, "manta-test-already-there");
    assertEquals(0, net.exitCode(), net.output());
    try (MantaClient c = client()) {
      List<String> before = TestCluster.objectsOf(swarm);
      assertEquals(1, before.size());
      MantaClientException e = assertThrows(MantaClientException.class,
          () -> c.deploy(deployment(swarm, "", MISSING)));
      assertEquals(MantaClientException.Reason.ALREADY_DEPLOYED, e.reason());
      assertTrue(e.getMessage().contains("undeploy it first"), e.getMessage());
      assertEquals(before, TestCluster.objectsOf(swarm));
      assertFalse(Files.exists(c.tokenFile(swarm)));
    } finally {
      TestCluster.docker("network", "rm", "manta-test-already-there");
    }
  }

  @Test
  void noNodeHoldsTheDataset() {
    try (MantaClient c = client()) {
      MantaClientException e = assertThrows(MantaClientException.class,
          () -> c.deploy(deployment("no_data", "\"nowhere\"", MISSING)));
      assertEquals(MantaClientException.Reason.NO_ELIGIBLE_NODE, e.reason());
      assertTrue(e.getMessage().contains("lacks dataset(s) nowhere"), e.getMessage());
    }
    assertEquals(List.of(), TestCluster.objectsOf("no_data"));
  }

  @Test
  void anImageNoNodeCanPullIsRolledBack() {
    String swarm = "cannot_pull";
    try (MantaClient c = client()) {
      MantaClientException e = assertThrows(MantaClientException.class, () -> c.deploy(deployment(swarm, "", MISSING)));
      assertEquals(MantaClientException.Reason.IMAGE_PULL_FAILED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("cannot pull"), e.getMessage());
      assertFalse(Files.exists(c.tokenFile(swarm)), "token removed with the rollback");
    }
    assertEquals(List.of(), TestCluster.objectsOf(swarm));
  }

  @Test
  void containersThatKeepFailingAreRolledBack() throws Exception {
    Assumptions.assumeTrue(Files.exists(BASE_IMAGE), "needs the base image 'scripts/cluster up' pushed");
    // The Java base image has no entry point and no Manta classes: every container of the swarm fails.
    String base = Files.readString(BASE_IMAGE).strip();
    String swarm = "keeps_failing";
    try (MantaClient c = client()) {
      MantaClientException e = assertThrows(MantaClientException.class, () -> c.deploy(deployment(swarm, "", base)));
      assertEquals(MantaClientException.Reason.START_FAILED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("failed to start"), e.getMessage());
    }
    assertEquals(List.of(), TestCluster.objectsOf(swarm));
  }
}
