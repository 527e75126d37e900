package dev.manta.maven;

import dev.manta.client.MantaClient;
import dev.manta.client.SwarmStatus;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints a deployed swarm's state: the run (iteration, failure) and every container per node. */
@Mojo(name = "status", threadSafe = true)
public final class StatusMojo extends AbstractClusterMojo {
  @Override
  protected void run(MantaClient client, String name) {
    SwarmStatus status = client.swarm(name).status();
    status.describe().lines().forEach(getLog()::info);
    getLog().debug("conductor status: " + status.conductorJson().strip());
  }
}
