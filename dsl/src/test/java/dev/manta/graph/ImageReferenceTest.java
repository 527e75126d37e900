package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Edges of the image reference grammar that the validator's examples do not reach. */
class ImageReferenceTest {

  /** {@code prefix} followed by lower-case letters up to {@code length} characters. */
  private static String nameOf(String prefix, int length) {
    return prefix + "a".repeat(length - prefix.length());
  }

  @Test
  void aNameOf255CharactersIsValidAnd256AreTooMany() {
    String longest = nameOf("acme/", 255);
    assertEquals(Optional.of(new ImageReference("", longest, "", "")), ImageReference.tryParse(longest));
    assertEquals(Optional.empty(), ImageReference.tryParse(nameOf("acme/", 256)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageReference.parse(nameOf("acme/", 256)));
    assertTrue(e.getMessage().contains("is not an image reference"), e.getMessage());
  }

  @Test
  void theLimitCountsTheRegistryButNotTheTag() {
    String longest = nameOf("registry.example.com:5000/acme/", 255);
    ImageReference r = ImageReference.parse(longest + ":1.0");
    assertEquals("registry.example.com:5000", r.registry());
    assertEquals("1.0", r.tag());
    assertEquals(Optional.empty(), ImageReference.tryParse(nameOf("registry.example.com:5000/acme/", 256) + ":1.0"));
  }

  @Test
  void aFirstComponentWithoutDotColonOrLocalhostIsAPathOnTheDefaultRegistry() {
    assertEquals(new ImageReference("", "my-team/trainer", "2", ""), ImageReference.parse("my-team/trainer:2"));
    assertEquals(new ImageReference("localhost", "trainer", "", ""), ImageReference.parse("localhost/trainer"));
  }

  @Test
  void aPathComponentMustBeLowerCaseEvenWhereAHostNameMayNot() {
    // "Acme" is a valid host name but not a valid repository path component.
    assertEquals(Optional.empty(), ImageReference.tryParse("Acme/trainer"));
    assertEquals(new ImageReference("Acme.example.com", "trainer", "", ""), ImageReference.parse("Acme.example.com/trainer"));
  }
}
