package dev.manta.maven;

import dev.manta.client.MantaClient;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes every Docker object labelled with the swarm: services, networks, the manifest config and
 * the token secret; the journal volume only with {@code -Dmanta.purge=true} (without it, a new
 * deploy of the same name resumes from the journal).
 */
@Mojo(name = "undeploy", threadSafe = true)
public final class UndeployMojo extends AbstractClusterMojo {
  /** Also remove the journal volume. */
  @Parameter(property = MantaProperties.PURGE, defaultValue = "false")
  private boolean purge;

  @Override
  protected void run(MantaClient client, String name) {
    List<String> removed = client.swarm(name).undeploy(purge);
    removed.forEach(r -> getLog().info("  removed " + r));
    getLog().info("swarm '" + name + "' undeployed" + (purge ? " (journal volume removed)"
        : "; its journal volume is kept (-D" + MantaProperties.PURGE + "=true removes it)"));
  }
}
