package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.manifest.ManifestException;
import dev.manta.runtime.report.RunReport;
import dev.manta.validation.SwarmValidationException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runtime runs is what is on the class path: manifests as written there, and DSL swarms registered as services. */
class ClassPathSwarmsTest {
  @TempDir
  Path dir;

  @Test
  void aDslSwarmRegisteredAsAServiceIsFoundAndShapedByLaunchGlobals() {
    SwarmCatalog catalog = SwarmCatalog.load();
    assertTrue(catalog.names().contains("dsl_demo"), catalog.names().toString());
    RunReport two = LocalRun.builder("dsl_demo").nodes(3).build().run().requireCompleted();
    assertEquals(2, two.instances().stream().filter(i -> i.alias().startsWith("part_")).count());
    Map<String, Object> three = Map.of("parts", 3);
    RunReport r = LocalRun.builder(catalog.source("dsl_demo", three)).globals(three).nodes(3).build().run()
        .requireCompleted();
    assertEquals(3, r.instances().stream().filter(i -> i.alias().startsWith("part_")).count());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> catalog.source("dsl_demo", Map.of("prts", 3)).graph());
    assertEquals("swarm 'dsl_demo' declares no global prts (declared: parts); did you mean 'parts' for 'prts'?",
        e.getMessage());
  }

  private SwarmCatalog catalogWithManifest(String manifest) throws Exception {
    Path root = Files.createTempDirectory(dir, "cp");
    Files.createDirectories(root.resolve("META-INF/manta/swarms"));
    Files.writeString(root.resolve("META-INF/manta/index.json"), "{\"indexVersion\": 2, \"swarms\": {\"manifest_demo\":"
        + " {\"manifest\": \"META-INF/manta/swarms/manifest_demo.json\", \"class\": \""
        + ManifestDemoSwarm.class.getName() + "\", \"source\": \"\"}}}");
    if (manifest != null) {
      Files.writeString(root.resolve("META-INF/manta/swarms/manifest_demo.json"), manifest);
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
    return SwarmCatalog.load(loader);
  }

  private static String written() {
    return new String(ManifestCodec.write(Manifest.of(new ManifestDemoSwarm().graph())), StandardCharsets.UTF_8);
  }

  @Test
  void theManifestOnTheClassPathIsTheGraphThatRuns() throws Exception {
    String manifest = written();
    assertTrue(manifest.contains("\"maximum\" : 1"), manifest);
    SwarmCatalog catalog = catalogWithManifest(manifest.replace("\"method\" : \"ANY\"", "\"method\" : \"ALL\"")
        .replace("\"maximum\" : 1", "\"maximum\" : 2"));
    RunReport r = LocalRun.builder(catalog.source("manifest_demo")).nodes(3).build().run().requireCompleted();
    assertEquals(2, r.instances("a").size(), "the edited manifest's ALL with maximum 2, not the class's ANY");
    assertEquals(0.5, r.global("rate", Double.class), "the generated class still computes the globals");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalRun.builder(catalog.source("manifest_demo")).global("rate", "fast").build());
    assertTrue(e.getMessage().contains("global 'rate' is a double"), "declared types come from the class: "
        + e.getMessage());
  }

  @Test
  void anInvalidManifestFailsValidation() throws Exception {
    SwarmCatalog catalog = catalogWithManifest(written().replace("\"maximum\" : 1", "\"maximum\" : 0"));
    SwarmValidationException e = assertThrows(SwarmValidationException.class,
        () -> LocalRun.builder(catalog.source("manifest_demo")).build());
    assertTrue(e.getMessage().contains("[Manta/Maximum] maximum of task 'a' is 0"), e.getMessage());
  }

  @Test
  void anUnreadableManifestIsReportedWithTheCodecsLocation() throws Exception {
    ManifestException notJson = assertThrows(ManifestException.class,
        () -> catalogWithManifest("{\"manifestVersion\": 1,\n  \"swarm\": oops}").source("manifest_demo"));
    assertTrue(notJson.getMessage().contains("manifest_demo.json at $: malformed JSON: ")
        && notJson.getMessage().contains("(line 2, column "), notJson.getMessage());
    ManifestException version = assertThrows(ManifestException.class,
        () -> catalogWithManifest(written().replace("\"manifestVersion\" : 1", "\"manifestVersion\" : 99"))
            .source("manifest_demo"));
    assertTrue(version.getMessage().contains("manifest_demo.json at $.manifestVersion: unknown manifestVersion 99"),
        version.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> catalogWithManifest(null).source("manifest_demo"));
    assertTrue(missing.getMessage().contains("its manifest META-INF/manta/swarms/manifest_demo.json, listed in ")
        && missing.getMessage().contains("is not on the class path; rebuild the project"), missing.getMessage());
  }
}
