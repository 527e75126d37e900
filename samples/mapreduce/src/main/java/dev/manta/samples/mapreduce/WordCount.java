package dev.manta.samples.mapreduce;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counting words, the map and the reduce step. A word is a run of letters and digits, with
 * apostrophes allowed inside it ({@code keeper's}); words are compared in lower case.
 */
public final class WordCount {
  private WordCount() {}

  /** The count of each word of {@code text}, sorted by word. */
  public static Map<String, Long> count(String text) {
    Map<String, Long> counts = new TreeMap<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      int end = i;
      while (i < n) {
        int c = text.codePointAt(i);
        if (Character.isLetterOrDigit(c)) {
          i += Character.charCount(c);
          end = i;
        } else if (isApostrophe(c) && i + 1 < n && Character.isLetterOrDigit(text.codePointAt(i + 1))) {
          i += Character.charCount(c);
        } else {
          break;
        }
      }
      String word = text.substring(start, end).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
      counts.merge(word, 1L, Long::sum);
    }
    return counts;
  }

  private static boolean isApostrophe(int c) {
    return c == '\'' || c == '\u2019';
  }

  /** The sum of {@code parts}, word by word, sorted by word. */
  public static Map<String, Long> merge(Collection<? extends Map<String, ? extends Number>> parts) {
    Map<String, Long> total = new TreeMap<>();
    for (Map<String, ? extends Number> part : parts) {
      part.forEach((word, n) -> total.merge(word, n.longValue(), Long::sum));
    }
    return total;
  }

  /** The total number of words counted. */
  public static long total(Map<String, ? extends Number> counts) {
    return counts.values().stream().mapToLong(Number::longValue).sum();
  }
}
