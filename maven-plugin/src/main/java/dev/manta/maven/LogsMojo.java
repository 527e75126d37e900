package dev.manta.maven;

import dev.manta.client.DeployedSwarm;
import dev.manta.client.LogLine;
import dev.manta.client.MantaClient;
import java.time.Duration;
import java.util.Iterator;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints a deployed swarm's log lines, each with its iteration, task and node; with
 * {@code -Dmanta.follow=true} it keeps printing until the run ends.
 */
@Mojo(name = "logs", threadSafe = true)
public final class LogsMojo extends AbstractClusterMojo {
  /** Keep printing new lines until the run ends. */
  @Parameter(property = MantaProperties.FOLLOW, defaultValue = "false")
  private boolean follow;

  /** How long {@code follow} waits for the run to end. */
  @Parameter(property = MantaProperties.FOLLOW_TIMEOUT, defaultValue = "1h")
  private String followTimeout;

  @Override
  protected void run(MantaClient client, String name) throws MojoFailureException {
    DeployedSwarm swarm = client.swarm(name);
    if (follow) {
      Duration timeout = ClusterGoals.duration(followTimeout, MantaProperties.FOLLOW_TIMEOUT);
      for (Iterator<LogLine> it = swarm.follow(timeout); it.hasNext(); ) {
        getLog().info(it.next().toString());
      }
      return;
    }
    long after = 0;
    while (true) {
      var page = swarm.logs(after, Duration.ZERO);
      if (page.isEmpty()) {
        return;
      }
      for (LogLine line : page) {
        getLog().info(line.toString());
        after = Math.max(after, line.sequence());
      }
    }
  }
}
