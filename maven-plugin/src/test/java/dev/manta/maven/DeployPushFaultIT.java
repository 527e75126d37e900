package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import dev.manta.it.ScratchRegistry;
import dev.manta.it.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manta:deploy} to a registry that dies (SIGKILL) in the middle of the push: a real
 * {@code docker-registry} of the test's own on the host's loopback, killed once 1 MiB of a blob has
 * arrived. The build must fail with the registry named and what to do, and no Docker object of the
 * swarm may exist afterwards (images are pushed before anything is created on the cluster).
 */
@Tag("docker")
class DeployPushFaultIT {
  /** The fault project's swarm under a name of this test's own (others may deploy fault_check meanwhile). */
  private static final String SWARM = "df_push_check";
  private static final Path BASE_IMAGE = Path.of("/var/lib/manta-cluster/base-image");

  @TempDir
  Path work;

  @BeforeEach
  void requireCluster() {
    TestCluster.require();
    ScratchRegistry.require();
    Assumptions.assumeTrue(Files.exists(BASE_IMAGE), "needs the base image 'scripts/cluster up' pushed");
  }

  @Test
  void aRegistryKilledMidPushFailsTheDeployBeforeAnyDockerObjectExists() throws Exception {
    OfflineMaven maven = OfflineMaven.create(work.resolve("maven"))
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", null)
        .installModule("runtime", "manta-runtime", null)
        .installModule("images", "manta-images", null)
        .installModule("client", "manta-client", null)
        .installModule("maven-plugin", "manta-maven-plugin", Path.of(OfflineMaven.property("manta.plugin.jar")));
    Path project = maven.copyProject("/fault-project/pom.xml", work.resolve("push-check"));
    Path source = project.resolve("src/main/java/com/example/fault/FaultCheck.java");
    Files.writeString(source, Files.readString(source).replace("name = \"fault_check\"", "name = \"" + SWARM + "\""));
    Build compile = maven.run(project, "compile");
    assertEquals(0, compile.exitCode(), compile.output());
    String base = Files.readString(BASE_IMAGE).strip();

    try (ScratchRegistry registry = ScratchRegistry.start(work.resolve("registry"), "127.0.0.1")) {
      assertEquals(List.of(), TestCluster.objectsOf(SWARM), "before");
      Path log = work.resolve("deploy.log");
      Process deploy = maven.start(project, log, "manta:deploy", "-Dmanta.registry=" + registry.address(),
          "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base, "-Dmanta.swarm=" + SWARM);
      long killedAt = 0;
      long bytes = 0;
      try {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (deploy.isAlive() && System.nanoTime() < deadline) {
          bytes = registry.uploadingBytes();
          if (bytes >= 1 << 20) {
            registry.kill();
            killedAt = System.nanoTime();
            break;
          }
          Thread.sleep(2);
        }
        assertTrue(deploy.waitFor(5, TimeUnit.MINUTES), "manta:deploy did not end");
      } finally {
        deploy.destroyForcibly();
      }
      long ms = (System.nanoTime() - killedAt) / 1_000_000;
      String output = Files.readString(log);
      System.out.println(output);
      assertNotEquals(0L, killedAt, "the deploy ended before the registry was killed mid-push");
      System.out.println("[deploy-push-fault] killed " + registry.address() + " with " + bytes + " byte(s) of a blob "
          + "received; manta:deploy failed " + ms + " ms later");
      assertEquals(1, deploy.exitValue(), output);
      String error = output.lines().filter(l -> l.startsWith("[ERROR]")).findFirst().orElse("");
      assertTrue(error.contains("cannot reach registry " + registry.address() + " while pushing " + registry.address()
          + "/"), error);
      assertTrue(error.contains("check that the registry runs and that host and port are right, then run again"),
          error);
      assertTrue(output.contains("Check -D" + MantaProperties.REGISTRY), output);
      assertTrue(!output.contains("deploying swarm '" + SWARM + "'"), "the deploy went on after the failed push");
      assertEquals(List.of(), TestCluster.objectsOf(SWARM), "after");
    }
  }
}
