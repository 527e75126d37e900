package dev.manta.samples.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsPartitionerTest {
  static final Digits ALL = DigitsCsv.bundled();

  private static List<String> rows(Digits d) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(Arrays.toString(d.pixels(i)) + d.label(i));
    }
    out.sort(null);
    return out;
  }

  @Test
  void everyImageLandsInExactlyOnePlace() {
    DigitsPartitioner.Split split = DigitsPartitioner.split(ALL, 8, 42);
    List<Digits> parts = new ArrayList<>(split.nodes());
    parts.add(split.test());
    assertEquals(rows(ALL), rows(Digits.concat(parts)));
  }

  @Test
  void testSetIsStratifiedTwentyPercent() {
    DigitsPartitioner.Split split = DigitsPartitioner.split(ALL, 8, 42);
    int[] all = ALL.classCounts();
    int[] test = split.test().classCounts();
    for (int c = 0; c < Digits.CLASSES; c++) {
      assertEquals(Math.round(all[c] * 0.2), test[c], "class " + c);
    }
  }

  @Test
  void nodesAreNonIidAndAboutEqualInSize() {
    DigitsPartitioner.Split split = DigitsPartitioner.split(ALL, 8, 42);
    for (Digits node : split.nodes()) {
      int[] counts = node.classCounts();
      int[] sorted = counts.clone();
      Arrays.sort(sorted);
      int top3 = sorted[9] + sorted[8] + sorted[7];
      long present = Arrays.stream(counts).filter(c -> c > 0).count();
      assertTrue(present <= 4, "node has " + present + " classes: " + Arrays.toString(counts));
      assertTrue(top3 >= 0.95 * node.size(), "not skewed: " + Arrays.toString(counts));
      assertTrue(Math.abs(node.size() - (ALL.size() - split.test().size()) / 8.0) <= 1, "size " + node.size());
    }
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    assertEquals(DigitsPartitioner.split(ALL, 8, 7), DigitsPartitioner.split(ALL, 8, 7));
    assertNotEquals(DigitsPartitioner.split(ALL, 8, 7).nodes(), DigitsPartitioner.split(ALL, 8, 8).nodes());
  }

  @Test
  void writesOneFolderPerNodeAndATestFolder(@TempDir Path root) throws IOException {
    DigitsPartitioner.Split split = DigitsPartitioner.writeNodeFolders(root, 3, 42);
    try (var listing = Files.list(root)) {
      assertEquals(List.of("node-1", "node-2", "node-3", "test"),
          listing.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (int n = 0; n < 3; n++) {
      assertEquals(split.nodes().get(n), DigitsCsv.read(root.resolve("node-" + (n + 1)).resolve("digits.csv")));
    }
    assertEquals(split.test(), DigitsCsv.read(root.resolve("test/digits-test.csv")));
  }

  @Test
  void tooManyNodesIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitsPartitioner.split(ALL, 1000, 1));
    assertTrue(e.getMessage().contains("Use fewer nodes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DigitsPartitioner.split(ALL, 0, 1));
  }
}
