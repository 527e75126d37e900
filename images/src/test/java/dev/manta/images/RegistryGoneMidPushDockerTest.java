package dev.manta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.ScratchRegistry;
import dev.manta.it.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that dies (SIGKILL) in the middle of a push: a real {@code docker-registry} of the
 * test's own on the host's loopback, killed once its storage shows the first blob upload under way.
 * The build must fail soon with a message naming the registry and saying what to do, and the same
 * push run again once the registry is back must succeed with nothing corrupt in it.
 */
@Tag("docker")
class RegistryGoneMidPushDockerTest {
  /**
   * How long the failed push may take to report, from the kill: Jib retries each request 10 times,
   * pausing 0.5 s × 1.5ⁿ ± 50 % (28 to 85 s in all), then gives up.
   */
  static final Duration BOUND = Duration.ofSeconds(120);
  /** Killed once this much of a blob arrived: inside the base image's 24 MB layer. */
  private static final long KILL_AFTER_BYTES = 1 << 20;
  private static final Path CLUSTER_BASE = Path.of("/var/lib/manta-cluster/base-image");

  @TempDir
  Path work;

  @BeforeEach
  void cluster() {
    TestCluster.require();
    ScratchRegistry.require();
  }

  /** The base image in the cluster's registry (as 'scripts/cluster up' pushed it, else built here). */
  private String base() throws Exception {
    if (Files.isRegularFile(CLUSTER_BASE)) {
      return Files.readString(CLUSTER_BASE).strip();
    }
    return TestImages.javaBase(work.resolve("cache")).digestReference();
  }

  /** A module of one resource on the base image: its push to a new registry sends the base's 24 MB layer too. */
  private ModuleImage module(String base) throws IOException {
    Path classes = Files.createDirectories(work.resolve("classes"));
    Files.writeString(classes.resolve("hello.txt"), "pushed twice");
    return ModuleImage.builder("hello", "hello.Hello").baseImage(base).classesDirectory(classes).build();
  }

  @Test
  void aRegistryKilledMidPushFailsTheBuildSayingWhatToDoAndTheSamePushRunAgainSucceeds() throws Exception {
    ModuleImage image = module(base());
    try (ScratchRegistry registry = ScratchRegistry.start(work.resolve("registry"), "127.0.0.1")) {
      String ref = registry.address() + "/df/hello:mid-push";
      ImageTarget target = ImageTarget.registry(ref);
      List<String> warnings = new CopyOnWriteArrayList<>();
      AtomicLong killedAt = new AtomicLong();
      AtomicLong bytesAtKill = new AtomicLong();
      Thread killer = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            long bytes = registry.uploadingBytes();
            if (bytes >= KILL_AFTER_BYTES) {
              registry.kill();
              bytesAtKill.set(bytes);
              killedAt.set(System.nanoTime());
              return;
            }
            Thread.sleep(2);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "registry-killer");
      killer.start();
      ImageException e;
      try {
        e = assertThrows(ImageException.class,
            () -> TestImages.builder(work.resolve("cache")).warnings(warnings::add).build().build(image, target),
            "the push ended before the registry was killed: nothing was measured");
      } finally {
        killer.interrupt();
        killer.join();
      }
      long failedAfterMs = (System.nanoTime() - killedAt.get()) / 1_000_000;
      System.out.println("[registry-gone] killed " + registry.address() + " with " + bytesAtKill.get()
          + " byte(s) of the first blob received; the build failed " + failedAfterMs + " ms later: " + e.getMessage());
      assertTrue(killedAt.get() != 0, "the registry was not killed mid-push");
      assertTrue(failedAfterMs < BOUND.toMillis(), failedAfterMs + " ms");
      assertEquals(ImageException.Reason.REGISTRY_UNREACHABLE, e.reason(), e.getMessage());
      String m = e.getMessage();
      assertTrue(m.startsWith("module 'hello': "), m);
      assertTrue(m.contains("registry " + registry.address() + " while pushing " + ref + " ("), m);
      assertTrue(m.contains("check that the registry runs and that host and port are right, then run again: a push "
          + "can be repeated at any time"), m);
      assertTrue(m.matches("(?s).* \\(gave up after \\d+ retries over \\d+ s\\)"), m);
      // Jib's retries: said once per request, without the upload's long opaque state.
      warnings.forEach(w -> System.out.println("[registry-gone] warning: " + w));
      List<String> retried = warnings.stream().filter(w -> w.contains("will be retried")).toList();
      assertFalse(retried.isEmpty(), warnings.toString());
      assertEquals(retried.size(), retried.stream().distinct().count(), retried.toString());
      assertTrue(warnings.stream().noneMatch(w -> w.contains("?_state=")), warnings.toString());
      assertFalse(m.contains("\tat "), "no stack trace in the message: " + m);

      // Back on the same storage: the same push again succeeds, and every blob is whole.
      registry.restart();
      long t0 = System.nanoTime();
      BuiltImage pushed = TestImages.builder(work.resolve("cache")).build().build(image, target);
      System.out.println("[registry-gone] pushed again in " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
          + pushed.digestReference());
      List<String> layers = TestCluster.layerDigests(pushed.digestReference());
      assertFalse(layers.isEmpty());
      for (String digest : layers) {
        assertEquals(digest, blobDigest(registry.address(), "df/hello", digest), "blob " + digest + " is whole");
      }
      // And an engine pulls it (127.0.0.0/8 is an insecure registry to Docker by default).
      TestCluster.Result pull = TestCluster.docker("pull", pushed.digestReference());
      assertEquals(0, pull.exitCode(), pull.output());
      TestCluster.docker("rmi", pushed.digestReference());
    }
  }

  /** The sha256 of a blob as the registry hands it out. */
  private static String blobDigest(String registry, String repository, String digest) throws Exception {
    HttpResponse<InputStream> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
        HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository + "/blobs/" + digest))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode(), "GET blob " + digest);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = r.body()) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }
}
