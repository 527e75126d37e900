package dev.manta.maven;

import dev.manta.client.MantaClient;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a deployed swarm's files into {@code target/manta/<swarm>/}, the same files
 * {@code manta:run} writes: report.json, globals.json, results.json, instances.json (with each
 * instance's log lines) and the journal.
 */
@Mojo(name = "results", threadSafe = true)
public final class ResultsMojo extends AbstractClusterMojo {
  /** The files go to {@code <outputDirectory>/<swarm>/}. */
  @Parameter(property = MantaProperties.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/manta")
  private File outputDirectory;

  @Override
  protected void run(MantaClient client, String name) {
    Path out = outputDirectory.toPath().resolve(name);
    List<Path> files = client.swarm(name).results(out);
    files.forEach(f -> getLog().info("  " + f));
    getLog().info(files.size() + " file(s) of swarm '" + name + "' in " + out);
  }
}
