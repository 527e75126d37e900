package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A value class that asks Jackson to leave out empty collections still gets that with Manta's
 * sorted sets: an empty set is left out, a non-empty one written sorted.
 */
class JsonEmptySetTest {

  /** A global value a user might declare. */
  public record Labels(String name, @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<String> tags) {}

  @Test
  void emptySetIsLeftOutWhereTheClassSaysNonEmpty() {
    assertEquals("{\"name\":\"a\"}", Json.toTree(new Labels("a", Set.of())).toString());
  }

  @Test
  void nonEmptySetIsWrittenSorted() {
    Set<String> tags = new LinkedHashSet<>(List.of("gpu", "eu", "arm"));
    assertEquals("{\"name\":\"a\",\"tags\":[\"arm\",\"eu\",\"gpu\"]}", Json.toTree(new Labels("a", tags)).toString());
  }
}
