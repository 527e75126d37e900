package dev.manta.samples.mapreduce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Splits a text into parts of about equal length, cutting only at whitespace so no word is split,
 * and writes one part per node folder: {@code root/node-1/text.txt} … (dataset {@code text}).
 * The parts, joined, are the text again.
 */
public final class TextSplitter {
  /** The dataset each mapper's node holds. */
  public static final String DATASET = "text";
  /** The bundled sample text; see {@code text/CORPUS-LICENSE.md} next to it. */
  public static final String BUNDLED = "/text/corpus.txt";

  private TextSplitter() {}

  /** The bundled sample text (original, CC0). */
  public static String bundled() {
    try (InputStream in = TextSplitter.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUNDLED + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text} in {@code parts} pieces, each ending at whitespace (or the end); some may be empty. */
  public static List<String> split(String text, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts is " + parts + "; split into at least 1 part");
    }
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int k = 1; k <= parts; k++) {
      int to = k == parts ? text.length() : Math.max(from, (int) ((long) text.length() * k / parts));
      while (to < text.length() && to > 0 && !Character.isWhitespace(text.charAt(to - 1))) {
        to++;
      }
      out.add(text.substring(from, to));
      from = to;
    }
    return out;
  }

  /** Splits {@code text} and writes {@code root/node-<k>/text.txt} for k = 1..parts; returns the parts. */
  public static List<String> writeNodeFolders(Path root, String text, int parts) throws IOException {
    List<String> pieces = split(text, parts);
    removeEarlierFolders(root);
    for (int k = 0; k < parts; k++) {
      Path dir = Files.createDirectories(root.resolve(nodeId(k)));
      Files.writeString(dir.resolve(DATASET + ".txt"), pieces.get(k), StandardCharsets.UTF_8);
    }
    return pieces;
  }

  /** Deletes the {@code node-<k>} folders an earlier call wrote, so no stale part is counted. */
  private static void removeEarlierFolders(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> earlier;
    try (Stream<Path> entries = Files.list(root)) {
      earlier = entries.filter(Files::isDirectory).filter(p -> p.getFileName().toString().matches("node-\\d+")).toList();
    }
    for (Path folder : earlier) {
      List<Path> inside;
      try (Stream<Path> walk = Files.walk(folder)) {
        inside = walk.sorted(Comparator.reverseOrder()).toList();
      }
      for (Path p : inside) {
        Files.delete(p);
      }
    }
  }

  /** The folder name of part {@code index} (0-based): {@code node-1} … */
  public static String nodeId(int index) {
    return "node-" + (index + 1);
  }

  /** {@code TextSplitter <root folder> [parts = 10]}: writes the bundled text's parts. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: TextSplitter <root folder> [parts = 10]");
      System.exit(2);
    }
    int parts = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<String> pieces = writeNodeFolders(Path.of(args[0]), bundled(), parts);
    for (int k = 0; k < parts; k++) {
      System.out.printf("%s: %d characters%n", Path.of(args[0]).resolve(nodeId(k)), pieces.get(k).length());
    }
  }
}
