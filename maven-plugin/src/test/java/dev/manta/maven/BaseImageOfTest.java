package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manta:build takes a module's base image from its descriptor in the index (version 2). */
class BaseImageOfTest {
  private static URLClassLoader loaderWithIndex(Path dir, String json) throws Exception {
    Path index = dir.resolve("META-INF/manta/index.json");
    Files.createDirectories(index.getParent());
    Files.writeString(index, json);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }

  @Test
  void theImageOfTheDescriptorInTheIndexElseTheBaseImage(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = loaderWithIndex(dir, """
        {"indexVersion": 2, "swarms": {}, "definitions": [], "modules": {
          "a.Gpu": {"name": "gpu", "descriptor": {"name": "gpu", "entryClass": "a.Gpu", "image": "nvidia/cuda:12"}},
          "a.Plain": {"name": "plain", "descriptor": {"name": "plain", "entryClass": "a.Plain",
            "image": "eclipse-temurin:17-jre"}}}}""")) {
      assertEquals("nvidia/cuda:12", AbstractBuildMojo.baseImageOf("a.Gpu", "index", loader, "base:1"));
      assertEquals("base:1", AbstractBuildMojo.baseImageOf("a.Plain", "index", loader, "base:1"),
          "the default image means: use baseImage");
      assertEquals("base:1", AbstractBuildMojo.baseImageOf("a.Unlisted", "index", loader, "base:1"));
    }
  }

  @Test
  void aVersionOneIndexSaysToRecompile(@TempDir Path dir) throws Exception {
    try (URLClassLoader loader = loaderWithIndex(dir, """
        {"indexVersion": 1, "swarms": {}, "definitions": [], "modules": {
          "a.Old": {"name": "old", "descriptor": "META-INF/manta/modules/a.Old.json"}}}""")) {
      MojoExecutionException e = assertThrows(MojoExecutionException.class,
          () -> AbstractBuildMojo.baseImageOf("a.Old", "old.jar", loader, "base:1"));
      assertTrue(e.getMessage().startsWith("cannot read the module descriptor of a.Old from old.jar: "), e.getMessage());
      assertTrue(e.getMessage().contains("recompile that project"), e.getMessage());
    }
  }
}
