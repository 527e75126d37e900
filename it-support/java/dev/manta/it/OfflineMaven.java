package dev.manta.it;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a real, offline Maven on a user's project against freshly built Manta artifacts, without
 * touching {@code ~/.m2}.
 *
 * <p>The artifacts (and the parent POM) go into a throwaway local repository. So that it still has
 * the Maven plugins and libraries the outer build already downloaded, every other entry of the real
 * local repository is linked into it; only {@code dev/manta} is its own.
 *
 * <p>Shared by the integration tests of several modules: each module adds this folder to its test
 * sources ({@code compileSourceRoots} of {@code maven-compiler-plugin:testCompile}), and its
 * {@code maven-failsafe-plugin} sets the system properties read here: {@code manta.version},
 * {@code manta.root}, {@code manta.local.repository} and optionally {@code manta.maven.home}.
 */
public final class OfflineMaven {
  /** What an inner Maven run ended with, and everything it printed. */
  public record Build(int exitCode, String output) {}

  private final Path repository;
  private final Path root;
  private final String version;

  private OfflineMaven(Path repository, Path root, String version) {
    this.repository = repository;
    this.root = root;
    this.version = version;
  }

  /** A throwaway local repository in {@code dir}, linking every entry of the real one except {@code dev/manta}. */
  public static OfflineMaven create(Path dir) throws IOException {
    Path real = Path.of(property("manta.local.repository")).toRealPath();
    Path repository = dir.resolve("repository");
    linkEntries(real, repository, "dev");
    linkEntries(real.resolve("dev"), repository.resolve("dev"), "manta");
    OfflineMaven maven = new OfflineMaven(repository, Path.of(property("manta.root")).toRealPath(),
        property("manta.version"));
    maven.install(maven.root.resolve("pom.xml"), null, "manta-parent");
    return maven;
  }

  /** The value of a system property the failsafe configuration sets; fails saying how to run the test if unset. */
  public static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set; run this test with "
          + "'mvn -pl <module> -am verify', whose maven-failsafe-plugin sets it");
    }
    return value;
  }

  /** The Manta version under test. */
  public String version() {
    return version;
  }

  /**
   * Installs module {@code module}'s POM and packaged jar as {@code dev.manta:artifactId}. The jar is
   * the one on this test's class path if there is one (the reactor's), else the module's target
   * folder; {@code jar} overrides both.
   */
  public OfflineMaven installModule(String module, String artifactId, Path jar) throws IOException {
    Path file = jar != null ? jar : packagedJar(module, artifactId);
    return install(root.resolve(module).resolve("pom.xml"), file, artifactId);
  }

  private Path packagedJar(String module, String artifactId) {
    String name = artifactId + "-" + version + ".jar";
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(File.separator + name)) {
        return Path.of(entry);
      }
    }
    return root.resolve(module).resolve("target").resolve(name);
  }

  private OfflineMaven install(Path pom, Path jar, String artifactId) throws IOException {
    Path dir = repository.resolve("dev/manta/" + artifactId + "/" + version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
    if (jar != null) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("not built: " + jar + "; run 'mvn -pl <module> -am verify', which packages it");
      }
      Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
    }
    return this;
  }

  /**
   * Copies the project folder holding class-path resource {@code pomResource} (e.g. {@code
   * "/it-project/pom.xml"}) to {@code to}, filling in {@code @manta.version@}; returns {@code to}.
   */
  public Path copyProject(String pomResource, Path to) throws IOException {
    URL pom = OfflineMaven.class.getResource(pomResource);
    if (pom == null) {
      throw new IllegalStateException("no test resource " + pomResource);
    }
    Path template;
    try {
      template = Path.of(pom.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.walk(template)) {
      for (Path from : files.toList()) {
        Path target = to.resolve(template.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(target);
        } else {
          Files.writeString(target, Files.readString(from).replace("@manta.version@", version));
        }
      }
    }
    return to;
  }

  /** Runs {@code mvn -o -B} with this repository on {@code project}, printing its output to this test's output. */
  public Build run(Path project, String... arguments) throws IOException, InterruptedException {
    List<String> command = command(project, arguments);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("mvn did not finish: " + command);
    }
    String output = new String(out, StandardCharsets.UTF_8);
    System.out.println("$ " + String.join(" ", command) + "\n" + output);
    return new Build(p.exitValue(), output);
  }

  /**
   * Starts {@code mvn -o -B} on {@code project} like {@link #run} but without waiting, its output
   * going to {@code log}; the caller waits for (and ends) the process.
   */
  public Process start(Path project, Path log, String... arguments) throws IOException {
    return new ProcessBuilder(command(project, arguments)).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  private List<String> command(Path project, String... arguments) {
    String home = System.getProperty("manta.maven.home", "");
    String executable = home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
    List<String> command = new ArrayList<>(List.of(executable, "-o", "-B", "-Dstyle.color=never",
        "-Dmaven.repo.local=" + repository, "-f", project.resolve("pom.xml").toString()));
    command.addAll(List.of(arguments));
    return command;
  }

  /** Links every entry of {@code from} into {@code to}, except {@code own}, which becomes a real directory. */
  private static void linkEntries(Path from, Path to, String own) throws IOException {
    Files.createDirectories(to.resolve(own));
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(own)) {
          Files.createSymbolicLink(to.resolve(entry.getFileName().toString()), entry);
        }
      }
    }
  }
}
