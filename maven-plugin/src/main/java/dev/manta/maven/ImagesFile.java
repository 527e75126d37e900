package dev.manta.maven;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code target/manta/images.json}: every module's image and digest. Written whole, through a
 * temporary file and an atomic move, and only after every image was stored, so it never lists an
 * image that was not completely pushed.
 */
final class ImagesFile {
  static final String NAME = "images.json";

  /** One module's image. */
  record Entry(String entryClass, String baseImage, String image, String reference, String digest, String imageId) {}

  private final Path path;

  ImagesFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  void write(String target, Map<String, Entry> images) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("target", target);
    ObjectNode modules = root.putObject("modules");
    new TreeMap<>(images).forEach((name, e) -> modules.putObject(name)
        .put("entryClass", e.entryClass())
        .put("baseImage", e.baseImage())
        .put("image", e.image())
        .put("reference", e.reference())
        .put("digest", e.digest())
        .put("imageId", e.imageId()));
    Files.createDirectories(path.getParent());
    Path temporary = path.resolveSibling(NAME + ".tmp");
    Files.writeString(temporary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
