package dev.manta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageNamesTest {
  @Test
  void aModulesReferenceIsRegistryNamespaceModuleAndTag() {
    assertEquals("10.77.0.1:5000/dev.manta/trainer:0.1.0-SNAPSHOT",
        ImageNames.reference("10.77.0.1:5000", "dev.manta", "trainer", "0.1.0-SNAPSHOT"));
    assertEquals("dev.manta/trainer:1.0", ImageNames.reference(null, "dev.manta", "trainer", "1.0"));
    assertEquals("com.acme-x/local_trainers:1.0-b_2", ImageNames.reference(" ", "Com.Acme X", "local_trainers", "1.0+b_2"));
  }

  @Test
  void namesThatLeaveNothingAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ImageNames.component("__"));
    assertThrows(IllegalArgumentException.class, () -> ImageNames.tag("..."));
  }

  @Test
  void theRepositoryOfAReferenceDropsTagAndDigest() {
    assertEquals("10.77.0.1:5000/a/b", ImageNames.repository("10.77.0.1:5000/a/b:1"));
    assertEquals("10.77.0.1:5000/a/b", ImageNames.repository("10.77.0.1:5000/a/b@sha256:00"));
    assertEquals("10.77.0.1:5000/a/b", ImageNames.repository("10.77.0.1:5000/a/b"));
    assertEquals("10.77.0.1:5000/a/b@sha256:ff", new BuiltImage("10.77.0.1:5000/a/b:1", "sha256:ff", "sha256:ee")
        .digestReference());
  }
}
