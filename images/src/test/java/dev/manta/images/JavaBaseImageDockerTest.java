package dev.manta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.TestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline Java base image, against the test cluster's engine and registry. */
@Tag("docker")
class JavaBaseImageDockerTest {
  @TempDir
  static Path cache;

  @BeforeEach
  void cluster() {
    TestCluster.require();
  }

  @Test
  void buildingTwiceGivesTheSameDigestAndTheImageRunsJavaAndSh() throws Exception {
    BuiltImage first = TestImages.javaBase(cache);
    // A second build with an empty cache: everything is made again from the JDK, and still nothing differs.
    BuiltImage second = TestImages.builder(cache.resolve("fresh")).build()
        .build(JavaBaseImage.ofRunningJdk(), ImageTarget.registry(TestImages.BASE));
    assertEquals(first.digest(), second.digest());
    assertEquals(first.imageId(), second.imageId());
    assertTrue(first.digestReference().startsWith(ImageNames.repository(TestImages.BASE) + "@sha256:"), first.toString());

    TestCluster.Result java = TestCluster.docker("run", "--rm", first.digestReference(), "java", "-version");
    assertEquals(0, java.exitCode(), java.output());
    assertTrue(java.output().contains("version \"" + Runtime.version().feature()), java.output());
    TestCluster.Result sh = TestCluster.docker("run", "--rm", first.digestReference(), "sh", "-c", "echo $JAVA_HOME");
    assertEquals(0, sh.exitCode(), sh.output());
    assertEquals(JavaBaseImage.JAVA_HOME, sh.output().strip());
  }

  @Test
  void aMissingBusyboxIsBadInputSayingWhatToInstall() {
    ImageException e = org.junit.jupiter.api.Assertions.assertThrows(ImageException.class, () ->
        TestImages.builder(cache).build().build(JavaBaseImage.ofRunningJdk().withBusybox(cache.resolve("nope")),
            ImageTarget.registry(TestImages.BASE)));
    assertEquals(ImageException.Reason.BAD_INPUT, e.reason());
    assertTrue(e.getMessage().contains("busybox-static"), e.getMessage());
  }
}
