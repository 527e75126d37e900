package dev.manta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.graph.NodeLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task-side additions of issue 14 that live in the API itself: {@code LocalData}'s default
 * {@code lines} and {@code listing}, {@code Results.Value} and result keys, {@code NodeLabel}.
 */
class PortingApiTest {
  /** A node's datasets as real files: the smallest implementation of the abstract calls. */
  private record Folder(Map<String, Path> datasets) implements LocalData {
    @Override
    public Set<String> names() {
      return new TreeMap<>(datasets).keySet();
    }

    @Override
    public Path path(String dataset) {
      Path p = datasets.get(dataset);
      if (p == null) {
        throw new NoSuchElementException(dataset);
      }
      return p;
    }

    @Override
    public byte[] bytes(String dataset) throws IOException {
      return Files.readAllBytes(path(dataset));
    }

    @Override
    public List<Path> list(String dataset) throws IOException {
      Path p = path(dataset);
      if (!Files.isDirectory(p)) {
        return List.of(p);
      }
      try (Stream<Path> files = Files.walk(p)) {
        return files.filter(Files::isRegularFile).sorted().toList();
      }
    }
  }

  @Test
  void linesAndListingReadRealFiles(@TempDir Path dir) throws IOException {
    Path text = Files.writeString(dir.resolve("words.txt"), "one\r\ntwo\n\nthree ü");
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(Files.createDirectories(images.resolve("z")).resolve("a.png"), new byte[4]);
    Files.write(images.resolve("b.png"), new byte[2]);
    Files.write(images.resolve("a.png"), new byte[9]);
    LocalData local = new Folder(Map.of("words", text, "images", images));

    assertEquals(List.of("one", "two", "", "three ü"), local.lines("words"));
    List<LocalData.Entry> listing = local.listing("images");
    assertEquals(List.of("a.png", "b.png", "z/a.png"), listing.stream().map(LocalData.Entry::name).toList());
    assertEquals(List.of(9L, 2L, 4L), listing.stream().map(LocalData.Entry::size).toList());
    assertEquals(images.resolve("z").resolve("a.png"), listing.get(2).path());
    assertEquals(List.of(new LocalData.Entry("words.txt", text, Files.size(text))), local.listing("words"));
    IOException folder = assertThrows(IOException.class, () -> local.lines("images"));
    assertEquals("dataset 'images' is a folder (" + images + "); read its files with listing() or list()",
        folder.getMessage());
  }

  @Test
  void aResultValueSplitsItsKey() {
    Results.Value<Integer> v = new Results.Value<>(3, "local_trainers/node-12", 7);
    assertEquals("node-12", v.node());
    assertEquals("local_trainers", v.alias());
    assertEquals(3, v.iteration());
    assertEquals("node-12", Results.nodeOf("a/b/node-12"));
    assertEquals("a/b", Results.aliasOf("a/b/node-12"));
    assertEquals("solo", Results.aliasOf("solo"));
    assertEquals("solo", Results.nodeOf("solo"));
    assertThrows(NullPointerException.class, () -> new Results.Value<>(1, null, 1));
  }

  @Test
  void aNodeLabelPrintsAsWrittenAndRefusesBadParts() {
    NodeLabel label = NodeLabel.parse("zone=east").orElseThrow();
    assertEquals("zone=east", label.toString());
    assertEquals(new NodeLabel("zone", "east"), label);
    assertTrue(NodeLabel.parse(null).isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeLabel("zone", "a b"));
    assertTrue(e.getMessage().startsWith("label 'zone=a b' is not valid; write key=value"), e.getMessage());
  }
}
