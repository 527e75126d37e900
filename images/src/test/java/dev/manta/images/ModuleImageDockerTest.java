package dev.manta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module images against the test cluster's engine and registries: a small compiled program with a
 * resource and a dependency jar, on the offline Java base image.
 */
@Tag("docker")
class ModuleImageDockerTest {
  @TempDir
  static Path work;
  private static Path cache;
  private static String base;

  @BeforeEach
  void requireCluster() {
    TestCluster.require();
  }

  @BeforeAll
  static void cluster() throws Exception {
    if (!TestCluster.available()) {
      return; // each test then skips (or fails under CI=true) in requireCluster()
    }
    cache = work.resolve("cache");
    base = TestImages.javaBase(cache).digestReference();
  }

  /** A project folder with classes/hello/Hello.class (printing {@code greeting}), a resource and a jar. */
  private static ModuleImage project(Path dir, String greeting) throws IOException {
    Path src = dir.resolve("src/hello/Hello.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "package hello;\npublic class Hello {\n  public static void main(String[] a) throws Exception {\n"
        + "    String r = new String(Hello.class.getResourceAsStream(\"/hello.txt\").readAllBytes()).strip();\n"
        + "    System.out.println(\"" + greeting + " \" + r);\n    System.exit(3);\n  }\n}\n");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
        src.toString());
    assertEquals(0, javac);
    Files.writeString(classes.resolve("hello.txt"), "from a resource");
    Path jar = dir.resolve("lib-1.0.jar");
    if (!Files.exists(jar)) {
      Files.write(jar, new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    }
    return ModuleImage.builder("hello", "hello.Hello").baseImage(base).dependency(jar).classesDirectory(classes)
        .label("test", "yes").build();
  }

  private static ImageBuilder builder() {
    return TestImages.builder(cache).build();
  }

  @Test
  void anUnchangedRebuildKeepsTheDigestAndAOneClassChangeMakesExactlyOneNewLayer() throws Exception {
    String ref = TestCluster.REGISTRY + "/manta-test/hello:1";
    Path dir = work.resolve("layers");
    BuiltImage first = builder().build(project(dir, "hello"), ImageTarget.registry(ref));
    BuiltImage again = builder().build(project(dir, "hello"), ImageTarget.registry(ref));
    assertEquals(first.digest(), again.digest(), "a rebuild of the same input (files rewritten) gives the same digest");
    List<String> before = TestCluster.layerDigests(first.digestReference());

    TestCluster.Result run = TestCluster.docker("run", "--rm", first.digestReference());
    assertEquals(3, run.exitCode(), run.output());
    assertEquals("hello from a resource", run.lastLine());

    BuiltImage changed = builder().build(project(dir, "bonjour"), ImageTarget.registry(ref));
    assertNotEquals(first.digest(), changed.digest());
    List<String> after = TestCluster.layerDigests(changed.digestReference());
    assertEquals(before.size(), after.size(), before + " vs " + after);
    List<Integer> differing = java.util.stream.IntStream.range(0, before.size())
        .filter(i -> !before.get(i).equals(after.get(i))).boxed().toList();
    assertEquals(List.of(before.size() - 1), differing, "only the classes layer (the last) differs: " + before + " vs " + after);
  }

  @Test
  void aRefusedPushSaysWhichRegistryRefusedAndHowToGiveCredentials() throws Exception {
    String ref = TestCluster.PASSWORD_REGISTRY + "/manta-test/hello:1";
    ImageException e = assertThrows(ImageException.class,
        () -> builder().build(project(work.resolve("refused"), "hi"), ImageTarget.registry(ref)));
    assertEquals(ImageException.Reason.PUSH_REFUSED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("registry " + TestCluster.PASSWORD_REGISTRY + " refused the push of " + ref
        + " (HTTP 401 Unauthorized)"), e.getMessage());
    assertTrue(e.getMessage().contains("settings.xml"), e.getMessage());
  }

  @Test
  void aMissingBaseImageSaysSo() throws Exception {
    String missing = TestCluster.REGISTRY + "/manta-test/no-such-base:17";
    ModuleImage image = ModuleImage.builder("hello", "hello.Hello").baseImage(missing)
        .classesDirectory(project(work.resolve("missing"), "hi").classesDirectories().get(0)).build();
    ImageException e = assertThrows(ImageException.class,
        () -> builder().build(image, ImageTarget.registry(TestCluster.REGISTRY + "/manta-test/hello:missing")));
    assertEquals(ImageException.Reason.BASE_IMAGE_NOT_FOUND, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("base image " + missing + " does not exist"), e.getMessage());
  }

  @Test
  void anUnreachableRegistryIsReportedAsSuch() throws Exception {
    ImageException e = assertThrows(ImageException.class, () -> builder().build(project(work.resolve("unreachable"),
        "hi"), ImageTarget.registry("10.77.0.1:5999/manta-test/hello:1")));
    assertEquals(ImageException.Reason.REGISTRY_UNREACHABLE, e.reason(), e.getMessage());
  }

  @Test
  void toTheDockerEngineItLoadsTheSameImageAndWithoutAnEngineItSaysSo() throws Exception {
    ModuleImage image = project(work.resolve("daemon"), "hello");
    String ref = "manta-test/hello-local:1";
    BuiltImage loaded = builder().build(image, ImageTarget.dockerDaemon(ref));
    TestCluster.Result inspect = TestCluster.docker("image", "inspect", "--format", "{{.Id}}", ref);
    assertEquals(0, inspect.exitCode(), inspect.output());
    assertEquals(loaded.imageId(), inspect.output().strip());
    BuiltImage pushed = builder().build(image, ImageTarget.registry(TestCluster.REGISTRY + "/manta-test/hello:local"));
    assertEquals(pushed.imageId(), loaded.imageId(), "same input, same image, whatever the target");

    ImageException e = assertThrows(ImageException.class, () -> builder().build(image,
        ImageTarget.dockerDaemon(ref).withDockerEnvironment(Map.of("DOCKER_HOST", "unix://" + work.resolve("no.sock")))));
    assertEquals(ImageException.Reason.NO_DOCKER, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith("no Docker engine answers at unix://"), e.getMessage());
  }

  @Test
  void credentialsForTheRegistryHostAreSentAndAWrongPasswordIsRefused() throws Exception {
    String ref = TestCluster.PASSWORD_REGISTRY + "/manta-test/hello:credentials";
    ModuleImage image = project(work.resolve("credentials"), "hi");
    // Jib sends credentials over plain HTTP only when told to (a test registry has no TLS).
    System.setProperty("sendCredentialsOverHttp", "true");
    try {
      BuiltImage pushed = TestImages.builder(cache).credentials(host -> host.equals(TestCluster.PASSWORD_REGISTRY)
          ? java.util.Optional.of(new RegistryCredential(TestCluster.USER, TestCluster.PASSWORD))
          : java.util.Optional.empty()).build().build(image, ImageTarget.registry(ref));
      assertTrue(pushed.digestReference().startsWith(TestCluster.PASSWORD_REGISTRY + "/manta-test/hello@sha256:"),
          pushed.toString());
      ImageException e = assertThrows(ImageException.class, () -> TestImages.builder(cache)
          .credentials(host -> java.util.Optional.of(new RegistryCredential(TestCluster.USER, "wrong"))).build()
          .build(image, ImageTarget.registry(ref)));
      assertEquals(ImageException.Reason.PUSH_REFUSED, e.reason(), e.getMessage());
    } finally {
      System.clearProperty("sendCredentialsOverHttp");
    }
  }
}
