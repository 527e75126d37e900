package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.images.ImageBuilder;
import dev.manta.images.ImageTarget;
import dev.manta.images.ModuleImage;
import dev.manta.it.ScratchRegistry;
import dev.manta.it.TestCluster;
import dev.manta.runtime.cluster.ClusterLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image only some nodes can pull: it is in a registry of the test's own on the host's loopback
 * ({@code 127.0.0.1:<port>}), which the manager's engine reaches and the other nodes, each in its own
 * network namespace with its own loopback, do not. The deploy must fail within its start timeout
 * naming the nodes that cannot pull and the image, and leave no Docker object of the swarm.
 */
@Tag("docker")
class ImageOneNodeCannotPullDockerTest {
  private static final Path BASE_IMAGE = Path.of("/var/lib/manta-cluster/base-image");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path work;

  @BeforeEach
  void cluster() {
    TestCluster.require();
    ScratchRegistry.require();
    Assumptions.assumeTrue(Files.exists(BASE_IMAGE), "needs the base image 'scripts/cluster up' pushed");
  }

  /**
   * A module image that runs on the manager: its entry point and a class named as the conductor's
   * main class both sleep, so only the pull can fail.
   */
  private String sleeperImage(String registry) throws Exception {
    Path src = work.resolve("src");
    String sleep = "  public static void main(String[] a) throws Exception { Thread.sleep(Long.MAX_VALUE); }\n";
    String conductor = ClusterLayout.CONDUCTOR_MAIN;
    Path conductorSrc = src.resolve(conductor.replace('.', '/') + ".java");
    Files.createDirectories(conductorSrc.getParent());
    Files.writeString(conductorSrc, "package " + conductor.substring(0, conductor.lastIndexOf('.')) + ";\n"
        + "public class ConductorMain {\n" + sleep + "}\n");
    Path sleeperSrc = src.resolve("df/Sleeper.java");
    Files.createDirectories(sleeperSrc.getParent());
    Files.writeString(sleeperSrc, "package df;\npublic class Sleeper {\n" + sleep + "}\n");
    Path classes = Files.createDirectories(work.resolve("classes"));
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), conductorSrc.toString(), sleeperSrc.toString()));
    ModuleImage module = ModuleImage.builder("worker", "df.Sleeper").baseImage(Files.readString(BASE_IMAGE).strip())
        .classesDirectory(classes).build();
    return ImageBuilder.builder().allowInsecureRegistries(true).baseLayersCache(work.resolve("cache/base"))
        .applicationLayersCache(work.resolve("cache/app")).build()
        .build(module, ImageTarget.registry(registry + "/df/sleeper:1")).digestReference();
  }

  /**
   * The host names of the swarm's Ready nodes with the given role, sorted: a node that is down gets
   * no task, so the deploy cannot name it (the other nodes' state is in the failure message).
   */
  private static List<String> hostnames(String role) {
    TestCluster.Result r = TestCluster.docker("node", "ls", "--filter", "role=" + role, "--format",
        "{{.Hostname}} {{.Status}} {{.Availability}}");
    assertEquals(0, r.exitCode(), r.output());
    return r.output().lines().map(String::strip).filter(l -> l.endsWith(" Ready Active"))
        .map(l -> l.substring(0, l.indexOf(' '))).sorted().toList();
  }

  private static String nodeStates() {
    return TestCluster.docker("node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}}").output();
  }

  @Test
  void anImageTheWorkersCannotPullFailsTheDeployNamingThemAndIsRolledBack() throws Exception {
    List<String> workers = hostnames("worker");
    List<String> managers = hostnames("manager");
    Assumptions.assumeFalse(workers.isEmpty(), "needs worker nodes ('scripts/cluster up 3')");
    String swarm = "df_one_node_pull";
    String image = null;
    try (ScratchRegistry registry = ScratchRegistry.start(work.resolve("registry"), "127.0.0.1");
        MantaClient client = MantaClient.builder().tokenDirectory(work.resolve("tokens")).build()) {
      image = sleeperImage(registry.address());
      assertEquals(List.of(), TestCluster.objectsOf(swarm), "before");
      Deployment d = Deployment.builder(TestManifests.single(swarm, "")).image("worker", image)
          .datasetsRoot("/nonexistent").startTimeout(START_TIMEOUT).build();
      long t0 = System.nanoTime();
      MantaClientException e = assertThrows(MantaClientException.class, () -> client.deploy(d));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("[one-node-pull] deploy failed after " + ms + " ms: " + e.getMessage());
      assertEquals(MantaClientException.Reason.IMAGE_PULL_FAILED, e.reason(), e.getMessage());
      assertTrue(ms < START_TIMEOUT.toMillis(), ms + " ms");
      String m = e.getMessage();
      String nodes = (workers.size() == 1 ? "node " : "nodes ") + String.join(", ", workers);
      assertTrue(m.startsWith(nodes + " cannot pull image " + image + " of " + ServiceSpecs.agentService(swarm, "worker")
          + " (it runs on " + String.join(", ", managers) + "): "), m + "\nnodes before: " + workers + " " + managers
          + "; now:\n" + nodeStates());
      assertTrue(m.contains("A registry at 127.0.0.1 or localhost is each node's own loopback"), m);
      assertFalse(Files.exists(client.tokenFile(swarm)), "token removed with the rollback");
    } finally {
      assertEquals(List.of(), TestCluster.objectsOf(swarm), "after");
      if (image != null) {
        TestCluster.docker("rmi", image); // the manager's pulled copy
      }
    }
  }
}
