package dev.manta.samples.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordCountTest {
  static final String TEXT = TextSplitter.bundled();

  @Test
  void wordsAreLowerCasedAndKeepInnerApostrophes() {
    assertEquals(Map.of("the", 2L, "keeper's", 1L, "ledger", 1L, "keepers", 1L, "42", 1L),
        WordCount.count("The keeper's  ledger, the 'keepers' 42."));
    assertEquals(Map.of("don't", 2L), WordCount.count("Don\u2019t don't"));
    assertEquals(Map.of(), WordCount.count(" ,.;'\n"));
  }

  @Test
  void bundledTextIsAFewKilobytesOfWords() {
    Map<String, Long> counts = WordCount.count(TEXT);
    assertTrue(TEXT.length() > 2000 && TEXT.length() < 4000, "length " + TEXT.length());
    assertTrue(WordCount.total(counts) > 400, "words " + WordCount.total(counts));
    assertEquals(2L, counts.get("spoons"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 10, 13, 50})
  void mergingThePartsCountsEqualsCountingTheWhole(int parts) {
    List<String> pieces = TextSplitter.split(TEXT, parts);
    assertEquals(parts, pieces.size());
    assertEquals(TEXT, String.join("", pieces));
    assertEquals(WordCount.count(TEXT), WordCount.merge(pieces.stream().map(WordCount::count).toList()));
  }

  @Test
  void partsAreAboutEqualAndCutOnlyAtWhitespace() {
    List<String> pieces = TextSplitter.split(TEXT, 10);
    for (int k = 0; k < pieces.size() - 1; k++) {
      String p = pieces.get(k);
      assertFalse(p.isEmpty());
      assertTrue(Character.isWhitespace(p.charAt(p.length() - 1)), "part " + k + " ends mid-word");
      assertTrue(Math.abs(p.length() - TEXT.length() / 10) < 40, "part " + k + " has " + p.length() + " chars");
    }
  }

  @Test
  void zeroPartsIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> TextSplitter.split(TEXT, 0));
    assertTrue(e.getMessage().contains("at least 1 part"), e.getMessage());
  }
}
