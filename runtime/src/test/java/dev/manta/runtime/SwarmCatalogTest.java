package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.TaskBody;
import dev.manta.runtime.cluster.ClusterAgentEntryPoint;
import dev.manta.runtime.report.RunReport;
import dev.manta.spi.AgentEntryPoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmCatalogTest {
  @Test
  void findsGeneratedSwarmsAndDefinitionsFromTheIndex() {
    SwarmCatalog catalog = SwarmCatalog.load();
    assertEquals(List.of("catalog_demo", "cluster_demo", "definition_demo", "dsl_demo", "fault_demo"), List.copyOf(catalog.names()));
    assertEquals("fixtures_a", catalog.modules().get("dev.manta.runtime.Fixtures$A").name());
    assertEquals("META-INF/manta/swarms/catalog_demo.json", catalog.swarms().get("catalog_demo").manifest());
  }

  @Test
  void runsASwarmByNameWithItsComputedGlobals() {
    RunReport r = LocalRun.builder("catalog_demo").nodes(2).build().run().requireCompleted();
    assertEquals(40, r.global("start", Integer.class));
    assertEquals(2, r.global("step", Integer.class));
    RunReport d = LocalRun.builder("definition_demo").nodes(2).build().run().requireCompleted();
    assertEquals(3, d.global("epochs", Integer.class));
    assertEquals(1, d.instances("b").size());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    UnknownSwarmException e = assertThrows(UnknownSwarmException.class, () -> SwarmCatalog.load().source("catalog_dem"));
    assertEquals("unknown swarm 'catalog_dem'; known: catalog_demo, cluster_demo, definition_demo, dsl_demo, fault_demo. Did you mean 'catalog_demo'?",
        e.getMessage());
    UnknownSwarmException far = assertThrows(UnknownSwarmException.class, () -> LocalRun.builder("zzz"));
    assertEquals("unknown swarm 'zzz'; known: catalog_demo, cluster_demo, definition_demo, dsl_demo, fault_demo", far.getMessage());
  }

  @Test
  void mergesEveryIndexOnTheClassPathAndRefusesConflicts(@TempDir Path dir) throws Exception {
    Path extra = Files.createDirectories(dir.resolve("extra/META-INF/manta"));
    Files.writeString(extra.resolve("index.json"), "{\"indexVersion\": 2, \"swarms\": {\"extra_demo\": {\"manifest\": \"m.json\","
        + " \"class\": \"dev.manta.runtime.CatalogDemoSwarm\", \"source\": \"\"}}}");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("extra").toUri().toURL()},
        getClass().getClassLoader())) {
      assertEquals(List.of("catalog_demo", "cluster_demo", "definition_demo", "dsl_demo", "extra_demo", "fault_demo"),
          List.copyOf(SwarmCatalog.load(loader).names()));
    }
    String clash = refused(dir, "clash", "{\"indexVersion\": 2, \"swarms\": {\"catalog_demo\": {\"manifest\":"
        + " \"m.json\", \"class\": \"com.other.Generated\", \"source\": \"com.other.Demo\"}}}");
    assertTrue(clash.contains("swarm 'catalog_demo' is declared twice") && clash.contains("com.other.Generated"), clash);
    String old = refused(dir, "old", "{\"indexVersion\": 7, \"swarms\": {}}");
    assertTrue(old.contains("indexVersion 7 is not 2; rebuild that project"), old);
    String first = refused(dir, "v1", "{\"indexVersion\": 1, \"swarms\": {}, \"modules\": {\"a.T\":"
        + " {\"name\": \"t\", \"descriptor\": \"META-INF/manta/modules/a.T.json\"}}}");
    assertTrue(first.contains("v1/META-INF/manta/index.json: indexVersion 1 was written by an earlier Manta "
        + "annotation processor") && first.contains("recompile that project (a clean build)"), first);
  }

  /** The message {@link SwarmCatalog#load} refuses a class path with, whose folder {@code name} holds {@code index}. */
  private String refused(Path dir, String name, String index) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name + "/META-INF/manta"));
    Files.writeString(folder.resolve("index.json"), index);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve(name).toUri().toURL()},
        getClass().getClassLoader())) {
      return assertThrows(IllegalStateException.class, () -> SwarmCatalog.load(loader)).getMessage();
    }
  }

  @Test
  void theAgentEntryPointIsTheClusterAgentAndSaysWhatToSetWhenItsEnvironmentIsMissing() throws Exception {
    AgentEntryPoint entry = ServiceLoader.load(AgentEntryPoint.class).findFirst().orElseThrow();
    assertEquals(ClusterAgentEntryPoint.class, entry.getClass());
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    int code;
    try {
      code = entry.run("com.acme.Trainer", new String[0], () -> (TaskBody) ctx -> {});
    } finally {
      System.setErr(err);
    }
    assertEquals(2, code);
    // This JVM is no agent container: the conductor's URL is the first setting it misses.
    assertTrue(captured.toString().contains("cannot start the agent of module com.acme.Trainer: MANTA_CONDUCTOR_URL is"
        + " not set; set it to the conductor's URL"), captured.toString());
  }
}
