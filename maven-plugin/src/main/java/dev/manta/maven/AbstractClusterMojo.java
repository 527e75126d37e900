package dev.manta.maven;

import dev.manta.client.MantaClient;
import dev.manta.client.MantaClientException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What status, logs, results and undeploy share: the engine, the swarm's name, the conductor's host. */
abstract class AbstractClusterMojo extends AbstractMantaMojo {
  /** The deployed swarm; may be left out when exactly one is deployed. */
  @Parameter(property = MantaProperties.SWARM)
  protected String swarm;

  /** The Docker engine (a manager); default: {@code DOCKER_HOST}, else the local socket. */
  @Parameter(property = MantaProperties.DOCKER_HOST)
  protected String dockerHost;

  /** Where this machine reaches the conductor's published port; default: the manager's address. */
  @Parameter(property = MantaProperties.CONDUCTOR_HOST)
  protected String conductorHost;

  @Override
  protected final void executeGoal() throws MojoExecutionException, MojoFailureException {
    try (MantaClient client = ClusterGoals.client(dockerHost, conductorHost, getLog())) {
      run(client, ClusterGoals.swarm(swarm, client));
    } catch (MantaClientException e) {
      throw ClusterGoals.failure(e);
    }
  }

  protected abstract void run(MantaClient client, String name) throws MojoExecutionException, MojoFailureException;
}
