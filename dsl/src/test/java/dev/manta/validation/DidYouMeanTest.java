package dev.manta.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The "did you mean" hint of {@link GraphValidator#closest}: which candidate wins and how far a
 * name may be from it. The processor and the DSL print these hints, so they must not drift.
 */
class DidYouMeanTest {

  private static Optional<String> closest(String name, String... candidates) {
    return GraphValidator.closest(name, List.of(candidates));
  }

  @Test
  void ofTwoEquallyCloseNamesTheOneListedFirstIsSuggested() {
    // "mode" and "nodes" are both one edit from "node".
    assertEquals(Optional.of("nodes"), closest("node", "nodes", "mode"));
    assertEquals(Optional.of("mode"), closest("node", "mode", "nodes"));
  }

  @Test
  void theNearestNameWinsWhereverItIsListed() {
    assertEquals(Optional.of("reducer"), closest("reduser", "mapper", "reducers", "reducer"));
    assertEquals(Optional.of("reducer"), closest("reduser", "reducer", "reducers", "mapper"));
  }

  @Test
  void shortNamesAllowTwoEdits() {
    // max(2, length / 3) = 2 edits for names of up to 8 characters.
    assertEquals(Optional.of("mapper"), closest("maxxer", "mapper"));
    assertEquals(Optional.empty(), closest("mxxxer", "mapper"));
  }

  @Test
  void longNamesAllowAThirdOfTheirLength() {
    // "aggregation" has 11 characters: 3 edits are close enough, 4 are not.
    assertEquals(Optional.of("aggregation"), closest("agXXXgation", "aggregation"));
    assertEquals(Optional.empty(), closest("agXXXXation", "aggregation"));
  }

  @Test
  void everyCharacterOfTheNameCounts() {
    // "abcd" is three edits from "a12" (two changes and a deletion): too far for a 4-character name,
    // even though "abc" alone would be two edits away.
    assertEquals(Optional.empty(), closest("abcd", "a12"));
    assertEquals(Optional.of("a12"), closest("abc", "a12"));
  }

  @Test
  void everyCharacterOfTheCandidateCounts() {
    // One character against three different ones is three edits: no hint.
    assertEquals(Optional.empty(), closest("x", "abc"));
    assertEquals(Optional.of("ab"), closest("x", "ab"));
  }

  @Test
  void aPrefixIsSuggestedHoweverLong() {
    assertEquals(Optional.of("trainer_with_a_long_name"), closest("trainer", "trainer_with_a_long_name"));
    assertEquals(Optional.of("fl"), closest("fl_trainer_of_round", "fl"));
  }

  @Test
  void caseIsIgnoredWhenComparing() {
    assertEquals(Optional.of("Worker"), closest("WORKERS", "Worker"));
  }
}
