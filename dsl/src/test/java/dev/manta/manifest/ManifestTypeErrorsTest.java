package dev.manta.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.fixtures.GuideExamples;
import dev.manta.graph.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A value of the wrong type in a hand-edited manifest: the message names the path, the type the
 * field takes in words, and what was found (long values cut at 40 characters).
 */
class ManifestTypeErrorsTest {

  /** The message of reading the federated-learning manifest changed by {@code edit}. */
  private static String error(Consumer<ObjectNode> edit) {
    byte[] bytes;
    try {
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(ManifestCodec.write(Manifest.of(GuideExamples.federatedLearning())));
      edit.accept(tree);
      bytes = Json.mapper().writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return assertThrows(ManifestException.class,
        () -> ManifestCodec.read(new ByteArrayInputStream(bytes), "m.json")).getMessage();
  }

  private static ObjectNode task(ObjectNode manifest, int index) {
    return (ObjectNode) manifest.get("tasks").get(index);
  }

  @Test
  void aNumberFieldSaysItTakesANumber() {
    assertEquals("m.json at $.tasks[1].fraction: expected a number, found \"half\"",
        error(t -> task(t, 1).put("fraction", "half")));
  }

  @Test
  void aBooleanFieldSaysItTakesTrueOrFalse() {
    assertEquals("m.json at $.tasks[0].gpu: expected true or false, found \"yes\"",
        error(t -> task(t, 0).put("gpu", "yes")));
  }

  @Test
  void aTextFieldSaysItTakesAString() {
    assertEquals("m.json at $.swarm: expected a string, found an object", error(t -> t.putObject("swarm")));
  }

  @Test
  void anArrayWhereANumberGoesIsShownByKind() {
    assertEquals("m.json at $.maxIterations: expected an integer, found an array",
        error(t -> t.putArray("maxIterations").add(3)));
  }

  @Test
  void valuesUpTo40CharactersAreShownWholeAndLongerOnesAreCut() {
    String fits = "x".repeat(38); // 40 characters with its quotes
    assertEquals("m.json at $.maxIterations: expected an integer, found \"" + fits + "\"",
        error(t -> t.put("maxIterations", fits)));
    String tooLong = "x".repeat(39);
    assertEquals("m.json at $.maxIterations: expected an integer, found \"" + "x".repeat(39) + "…",
        error(t -> t.put("maxIterations", tooLong)));
  }
}
