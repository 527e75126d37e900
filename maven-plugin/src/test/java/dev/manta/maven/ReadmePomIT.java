package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code pom.xml}, exactly as printed there, builds a user's project with a real,
 * offline Maven: it compiles with the annotation processor, validates and runs an annotated swarm
 * and a DSL swarm (the sources are MavenPluginIT's tally project).
 */
class ReadmePomIT {
  @TempDir
  Path work;

  /** The {@code xml} block of README.md that declares the plugin: the complete user POM. */
  static String readmePom() throws IOException {
    String readme = Files.readString(Path.of(OfflineMaven.property("manta.root")).resolve("README.md"));
    Matcher m = Pattern.compile("```xml\n(<\\?xml.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      if (m.group(1).contains("<artifactId>manta-maven-plugin</artifactId>")) {
        return m.group(1);
      }
    }
    throw new AssertionError("README.md has no complete pom.xml (an ```xml block starting with <?xml that declares"
        + " manta-maven-plugin)");
  }

  @Test
  void theReadmePomWorksAsPasted() throws Exception {
    OfflineMaven maven = OfflineMaven.create(work)
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", null)
        .installModule("runtime", "manta-runtime", null)
        .installModule("images", "manta-images", null)
        .installModule("client", "manta-client", null)
        .installModule("maven-plugin", "manta-maven-plugin", Path.of(OfflineMaven.property("manta.plugin.jar")));
    String pom = readmePom();
    assertTrue(pom.contains("<manta.version>" + maven.version() + "</manta.version>"),
        "the README's pom names the version being built, " + maven.version() + ":\n" + pom);
    Path project = maven.copyProject("/tally-project/pom.xml", work.resolve("my-swarms"));
    Files.writeString(project.resolve("pom.xml"), pom);
    // The tally project's SwarmDefinition has a deliberate mistake for MavenPluginIT; leave it out here.
    Files.delete(project.resolve("src/main/java/com/example/tally/Checked.java"));

    Build build = maven.run(project, "compile", "manta:validate", "manta:run", "-Dmanta.swarm=tally",
        "-Dmanta.nodes=3");
    assertEquals(0, build.exitCode(), build.output());
    assertTrue(build.output().contains("[INFO] swarm 'tally' is valid: 2 tasks"), build.output());
    assertTrue(build.output().contains("[INFO] swarm 'dsl_tally' is valid: 2 tasks"), build.output());
    assertTrue(build.output().contains("[INFO] swarm 'tally' completed after 1 iteration(s)"), build.output());
    assertTrue(Files.isRegularFile(project.resolve("target/classes/META-INF/manta/swarms/tally.json")));

    Build dsl = maven.run(project, "manta:run", "-Dmanta.swarm=dsl_tally", "-Dmanta.nodes=2");
    assertEquals(0, dsl.exitCode(), dsl.output());
    assertTrue(dsl.output().contains("[INFO] swarm 'dsl_tally' completed after 1 iteration(s)"), dsl.output());
  }
}
