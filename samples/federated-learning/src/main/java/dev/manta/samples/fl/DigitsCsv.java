package dev.manta.samples.fl;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads and writes digits as CSV: one image per line, 64 pixel counts then the label, no header
 * (the layout of scikit-learn's {@code digits.csv.gz}). Gzip-compressed input is recognised by its
 * magic bytes.
 */
public final class DigitsCsv {
  /** Where the bundled UCI data lives on the class path; see {@code data/DATA-LICENSE.md} next to it. */
  public static final String BUNDLED = "/data/digits.csv.gz";

  private DigitsCsv() {}

  /** The 1,797 bundled UCI images. */
  public static Digits bundled() {
    try (InputStream in = DigitsCsv.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUNDLED + " is missing from the class path; "
            + "it ships in src/main/resources of manta-sample-federated-learning");
      }
      return read(in, BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUNDLED + ": " + e.getMessage(), e);
    }
  }

  /** Reads a CSV file, plain or gzip-compressed. */
  public static Digits read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads CSV bytes, plain or gzip-compressed. */
  public static Digits read(byte[] bytes, String source) throws IOException {
    return read(new java.io.ByteArrayInputStream(bytes), source);
  }

  /** Reads CSV from {@code in}; {@code source} names it in error messages. */
  public static Digits read(InputStream in, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    InputStream body = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(buffered) : buffered;
    List<int[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    String line;
    int lineNo = 0;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != Digits.FEATURES + 1) {
        throw new IOException(source + ":" + lineNo + ": " + cells.length + " values; a digits row has "
            + Digits.FEATURES + " pixel counts and a label");
      }
      int[] row = new int[Digits.FEATURES];
      try {
        for (int j = 0; j < Digits.FEATURES; j++) {
          row[j] = parse(cells[j]);
        }
        labels.add(parse(cells[Digits.FEATURES]));
      } catch (NumberFormatException e) {
        throw new IOException(source + ":" + lineNo + ": not a number (" + e.getMessage() + "); values are integers", e);
      }
      pixels.add(row);
    }
    try {
      return new Digits(pixels.toArray(int[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  /** Accepts {@code 5} and {@code 5.0}, as written by different tools. */
  private static int parse(String cell) {
    String s = cell.trim();
    if (s.endsWith(".0")) {
      s = s.substring(0, s.length() - 2);
    }
    return Integer.parseInt(s);
  }

  /** Writes {@code digits} as plain CSV, creating parent folders. */
  public static void write(Path file, Digits digits) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < digits.size(); i++) {
        line.setLength(0);
        for (int v : digits.pixels(i)) {
          line.append(v).append(',');
        }
        line.append(digits.label(i)).append('\n');
        out.write(line.toString());
      }
    }
  }
}
