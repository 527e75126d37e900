package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
  private static final String DIGEST = "@sha256:" + "b".repeat(64);

  @Test
  void everyModuleNeedsAnImageByDigest() {
    MantaClientException none = assertThrows(MantaClientException.class,
        () -> Deployment.builder(TestManifests.single("s", "")).build());
    assertEquals(MantaClientException.Reason.BAD_INPUT, none.reason());
    assertTrue(none.getMessage().contains("module 'worker' has no image"), none.getMessage());
    MantaClientException tag = assertThrows(MantaClientException.class,
        () -> Deployment.builder(TestManifests.single("s", "")).image("worker", "r/worker:1").build());
    assertTrue(tag.getMessage().contains("not a reference by digest"), tag.getMessage());
  }

  @Test
  void imagesFromImagesJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("images.json");
    Files.writeString(file, "{\"target\": \"registry\", \"modules\": {\"worker\": {\"reference\": \"r/w" + DIGEST
        + "\"}}}");
    Deployment d = Deployment.builder(TestManifests.single("s", "")).imagesFile(file).build();
    assertEquals(Map.of("worker", "r/w" + DIGEST), d.images());
    Files.writeString(file, "{\"target\": \"docker\", \"modules\": {}}");
    MantaClientException local = assertThrows(MantaClientException.class,
        () -> Deployment.builder(TestManifests.single("s", "")).imagesFile(file));
    assertTrue(local.getMessage().contains("cannot pull"), local.getMessage());
    MantaClientException missing = assertThrows(MantaClientException.class,
        () -> Deployment.builder(TestManifests.single("s", "")).imagesFile(dir.resolve("none.json")));
    assertEquals(MantaClientException.Reason.BAD_INPUT, missing.reason());
  }

  @Test
  void nameAndParameters() {
    Deployment d = Deployment.builder(TestManifests.single("s", "")).image("worker", "r/w" + DIGEST).swarm("copy_2")
        .globals(Map.of("a", java.util.List.of(1, 2))).lease(Duration.ofSeconds(3)).build();
    assertEquals("copy_2", d.swarm());
    assertEquals("{\"a\":[1,2]}", d.globalsJson());
    assertEquals(Duration.ofSeconds(3), d.lease());
    assertEquals(0, d.conductorPort(), "the first free port from 7070, chosen at deploy");
    MantaClientException badName = assertThrows(MantaClientException.class,
        () -> Deployment.builder(TestManifests.single("s", "")).image("worker", "r/w" + DIGEST).swarm("Bad Name")
            .build());
    assertTrue(badName.getMessage().contains("'Bad Name'"), badName.getMessage());
    assertThrows(MantaClientException.class, () -> Deployment.builder(TestManifests.single("s", "")).conductorPort(0));
    assertThrows(MantaClientException.class,
        () -> Deployment.builder(TestManifests.single("s", "")).startTimeout(Duration.ZERO));
  }
}
