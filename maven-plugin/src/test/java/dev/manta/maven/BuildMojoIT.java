package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.images.ImageBuilder;
import dev.manta.images.ImageTarget;
import dev.manta.images.JavaBaseImage;
import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import dev.manta.it.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manta:build} with a real, offline Maven on the federated-learning sample's sources, against
 * the test cluster's engine and registries ({@code scripts/cluster up 3}): skipped without them,
 * failing under {@code CI=true}.
 */
@Tag("docker")
class BuildMojoIT {
  @TempDir
  static Path work;
  private static OfflineMaven maven;
  private static String base;

  @BeforeEach
  void requireCluster() {
    TestCluster.require();
  }

  @BeforeAll
  static void prepare() throws Exception {
    if (!TestCluster.available()) {
      return; // each test then skips (or fails under CI=true) in requireCluster()
    }
    maven = OfflineMaven.create(work)
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", null)
        .installModule("runtime", "manta-runtime", null)
        .installModule("images", "manta-images", null)
        .installModule("client", "manta-client", null)
        .installModule("maven-plugin", "manta-maven-plugin", Path.of(OfflineMaven.property("manta.plugin.jar")));
    base = ImageBuilder.builder().allowInsecureRegistries(true).build()
        .build(JavaBaseImage.ofRunningJdk(), ImageTarget.registry(TestCluster.REGISTRY + "/manta/java-base:" + Runtime.version().feature()))
        .digestReference();
  }

  /** A fresh copy of the user project with the federated-learning sample's sources. */
  private static Path project(String name) throws IOException {
    Path project = maven.copyProject("/fl-project/pom.xml", work.resolve(name));
    Path sample = Path.of(OfflineMaven.property("manta.root")).resolve("samples/federated-learning/src/main");
    try (Stream<Path> files = Files.walk(sample)) {
      for (Path from : files.toList()) {
        Path to = project.resolve("src/main").resolve(sample.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    return project;
  }

  private static Build build(Path project, String registry, String baseImage) throws Exception {
    return maven.run(project, "compile", "manta:build", "-Dmanta.registry=" + registry,
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + baseImage);
  }

  /** images.json: module name → its entry. */
  private static Map<String, JsonNode> images(Path project) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    Json.mapper().readTree(project.resolve("target/manta/images.json").toFile()).path("modules").properties()
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Test
  void everyModuleGetsAnImageThatLaunchesItsTaskClassARebuildIsIdenticalAndAOneClassChangeMakesOneNewLayer()
      throws Exception {
    Path project = project("fl");
    Build first = build(project, TestCluster.REGISTRY, base);
    assertEquals(0, first.exitCode(), first.output());

    // One image per module the processor indexed.
    JsonNode index = Json.mapper().readTree(project.resolve("target/classes/META-INF/manta/index.json").toFile());
    TreeSet<String> modules = new TreeSet<>();
    index.path("modules").forEach(m -> modules.add(m.path("name").asText()));
    assertEquals(4, modules.size(), index.toString());
    Map<String, JsonNode> images = images(project);
    assertEquals(modules, images.keySet());
    for (Map.Entry<String, JsonNode> e : images.entrySet()) {
      JsonNode image = e.getValue();
      String repository = TestCluster.REGISTRY + "/com.example/" + e.getKey();
      assertEquals(repository + ":1.0", image.path("image").asText());
      assertEquals(repository + "@" + image.path("digest").asText(), image.path("reference").asText());
      assertEquals(base, image.path("baseImage").asText());
      assertTrue(first.output().contains("module '" + e.getKey() + "': pushed " + image.path("reference").asText()),
          first.output());

      // The container runs dev.manta.spi.Launchers with the module's task class, which reaches the
      // runtime's cluster agent; started by hand, without the environment manta:deploy gives it, it
      // says what to set and exits 2.
      TestCluster.Result run = TestCluster.docker("run", "--rm", image.path("reference").asText());
      assertEquals(2, run.exitCode(), run.output());
      assertTrue(run.lastLine().startsWith("[Manta] cannot start the agent of module "
          + image.path("entryClass").asText() + ": MANTA_CONDUCTOR_URL is not set"), run.lastLine());
      // (docker run pulled it: now the engine can show its entry point)
      TestCluster.Result entrypoint = TestCluster.docker("image", "inspect", "--format", "{{json .Config.Entrypoint}}",
          image.path("reference").asText());
      assertEquals(0, entrypoint.exitCode(), entrypoint.output());
      assertTrue(entrypoint.output().strip().endsWith("\"dev.manta.spi.Launchers\",\""
          + image.path("entryClass").asText() + "\"]"), entrypoint.output());
    }

    // Nothing changed: another Maven run (another JVM), building the images side by side where the
    // first built one after the other, gives the same digests.
    assertFalse(first.output().contains(" at a time"), first.output());
    Build again = maven.run(project, "manta:build", "-Dmanta.registry=" + TestCluster.REGISTRY,
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base, "-Dmanta.imageThreads=4");
    assertTrue(again.output().contains(" for registry " + TestCluster.REGISTRY + ", 4 at a time"), again.output());
    assertEquals(0, again.exitCode(), again.output());
    Map<String, JsonNode> rebuilt = images(project);
    for (String module : modules) {
      assertEquals(images.get(module).path("digest").asText(), rebuilt.get(module).path("digest").asText(), module);
    }

    // One class changes: every module's image differs from before in exactly one layer, the classes.
    Path fedAvg = project.resolve("src/main/java/dev/manta/samples/fl/FedAvg.java");
    String source = Files.readString(fedAvg);
    int end = source.lastIndexOf('}');
    Files.writeString(fedAvg, source.substring(0, end) + "  static int changedByTheTest() { return 42; }\n}\n");
    Build changed = build(project, TestCluster.REGISTRY, base);
    assertEquals(0, changed.exitCode(), changed.output());
    Map<String, JsonNode> after = images(project);
    for (String module : modules) {
      List<String> before = TestCluster.layerDigests(images.get(module).path("reference").asText());
      List<String> now = TestCluster.layerDigests(after.get(module).path("reference").asText());
      assertNotEquals(images.get(module).path("digest").asText(), after.get(module).path("digest").asText(), module);
      assertEquals(before.size(), now.size(), module + ": " + before + " vs " + now);
      List<Integer> differing = IntStream.range(0, before.size()).filter(i -> !before.get(i).equals(now.get(i)))
          .boxed().toList();
      assertEquals(List.of(before.size() - 1), differing, module + ": only the classes layer differs: " + before
          + " vs " + now);
    }
  }

  @Test
  void aRefusedPushAndAMissingBaseImageFailSayingWhatToDoAndLeaveImagesJsonAsItWas() throws Exception {
    Path project = project("fl-failures");
    Path imagesJson = project.resolve("target/manta/images.json");

    Build refused = build(project, TestCluster.PASSWORD_REGISTRY, base);
    assertNotEquals(0, refused.exitCode(), refused.output());
    assertTrue(refused.output().contains("registry " + TestCluster.PASSWORD_REGISTRY + " refused the push of "
        + TestCluster.PASSWORD_REGISTRY + "/com.example/aggregator:1.0 (HTTP 401 Unauthorized); give credentials for "
        + TestCluster.PASSWORD_REGISTRY), refused.output());
    assertTrue(refused.output().contains("Credentials come from settings.xml"), refused.output());
    assertFalse(Files.exists(imagesJson), "no images.json after a refused push");

    Build ok = build(project, TestCluster.REGISTRY, base);
    assertEquals(0, ok.exitCode(), ok.output());
    String good = Files.readString(imagesJson);

    Build refusedAgain = build(project, TestCluster.PASSWORD_REGISTRY, base);
    assertNotEquals(0, refusedAgain.exitCode(), refusedAgain.output());
    assertTrue(refusedAgain.output().contains(imagesJson + " is left as it was"), refusedAgain.output());
    assertEquals(good, Files.readString(imagesJson));

    String missing = TestCluster.REGISTRY + "/manta-test/no-such-base:17";
    Build noBase = build(project, TestCluster.REGISTRY, missing);
    assertNotEquals(0, noBase.exitCode(), noBase.output());
    assertTrue(noBase.output().contains("base image " + missing + " does not exist in its registry"), noBase.output());
    assertTrue(noBase.output().contains("mvn manta:base-image"), noBase.output());
    assertEquals(good, Files.readString(imagesJson));
  }

  @Test
  void toTheLocalDockerEngineTheImagesAreLoadedThere() throws Exception {
    Path project = project("fl-docker");
    Build build = maven.run(project, "compile", "manta:build", "-Dmanta.target=docker",
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base);
    assertEquals(0, build.exitCode(), build.output());
    Map<String, JsonNode> images = images(project);
    JsonNode trainer = images.get("trainer");
    assertEquals("com.example/trainer:1.0", trainer.path("image").asText());
    TestCluster.Result inspect = TestCluster.docker("image", "inspect", "--format", "{{.Id}}", "com.example/trainer:1.0");
    assertEquals(0, inspect.exitCode(), inspect.output());
    assertEquals(trainer.path("imageId").asText(), inspect.output().strip());
  }

  @Test
  void aModuleClassMissingFromTheBuildIsNamedBeforeAnythingIsBuilt() throws Exception {
    Path project = project("fl-missing");
    Build compiled = maven.run(project, "compile");
    assertEquals(0, compiled.exitCode(), compiled.output());
    Files.delete(project.resolve("target/classes/dev/manta/samples/fl/Evaluator.class"));
    Build build = maven.run(project, "manta:build", "-Dmaven.main.skip=true", "-Dmanta.registry=" + TestCluster.REGISTRY,
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base);
    assertNotEquals(0, build.exitCode(), build.output());
    assertTrue(build.output().contains("module 'evaluator': class dev.manta.samples.fl.Evaluator is "
        + "missing from the build"), build.output());
    assertTrue(build.output().contains("mvn clean compile"), build.output());
    assertFalse(build.output().contains("module 'aggregator': building"), "nothing is built: " + build.output());
    assertFalse(Files.exists(project.resolve("target/manta/images.json")));
  }

  @Test
  void credentialsComeFromTheSettingsServerWhoseIdIsTheRegistry() throws Exception {
    Path project = project("fl-credentials");
    Path settings = work.resolve("settings-with-credentials.xml");
    Files.writeString(settings, "<settings><servers><server><id>" + TestCluster.PASSWORD_REGISTRY + "</id><username>"
        + TestCluster.USER + "</username><password>" + TestCluster.PASSWORD + "</password></server></servers></settings>\n");
    // Jib sends credentials over plain HTTP only when told to (the test registry has no TLS).
    Build build = maven.run(project, "-s", settings.toString(), "compile", "manta:build",
        "-Dmanta.registry=" + TestCluster.PASSWORD_REGISTRY, "-Dmanta.allowInsecureRegistries=true",
        "-DsendCredentialsOverHttp=true", "-Dmanta.baseImage=" + base);
    assertEquals(0, build.exitCode(), build.output());
    for (JsonNode image : images(project).values()) {
      assertTrue(image.path("reference").asText().startsWith(TestCluster.PASSWORD_REGISTRY + "/com.example/"),
          image.toString());
    }
  }
}
