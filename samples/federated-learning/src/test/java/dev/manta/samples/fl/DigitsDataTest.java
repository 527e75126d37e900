package dev.manta.samples.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsDataTest {
  @TempDir Path dir;

  @Test
  void bundledFileIsTheUciTestPart() {
    Digits all = DigitsCsv.bundled();
    assertEquals(1797, all.size());
    assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, all.classCounts());
    // the first image of the file is a zero
    assertEquals(0, all.label(0));
    assertEquals(5, all.pixels(0)[2]);
  }

  @Test
  void licenceNoteShipsNextToTheData() throws IOException {
    try (var in = DigitsCsv.class.getResourceAsStream("/data/DATA-LICENSE.md")) {
      String note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(note.contains("Alpaydin") && note.contains("CC BY 4.0") && note.contains("BSD-3-Clause")
          && note.contains("python3-sklearn"), note);
    }
  }

  @Test
  void writtenCsvReadsBackEqual() throws IOException {
    Digits some = DigitsCsv.bundled().subset(new int[] {5, 1, 1000, 1796});
    Path f = dir.resolve("a/b/digits.csv");
    DigitsCsv.write(f, some);
    assertEquals(some, DigitsCsv.read(f));
  }

  @Test
  void badRowsAreReportedWithTheirLine() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "0,".repeat(64) + "3\n1,2,3\n");
    IOException e = assertThrows(IOException.class, () -> DigitsCsv.read(f));
    assertTrue(e.getMessage().contains("bad.csv:2") && e.getMessage().contains("3 values"), e.getMessage());

    Files.writeString(f, "0,".repeat(63) + "17,3\n");
    e = assertThrows(IOException.class, () -> DigitsCsv.read(f));
    assertTrue(e.getMessage().contains("pixel value 17"), e.getMessage());

    Files.writeString(f, "0,".repeat(64) + "x\n");
    e = assertThrows(IOException.class, () -> DigitsCsv.read(f));
    assertTrue(e.getMessage().contains("bad.csv:1") && e.getMessage().contains("not a number"), e.getMessage());
  }
}
