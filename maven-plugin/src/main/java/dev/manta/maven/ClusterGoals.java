package dev.manta.maven;

import dev.manta.client.DeployedSwarm;
import dev.manta.client.LogLine;
import dev.manta.client.MantaClient;
import dev.manta.client.MantaClientException;
import dev.manta.client.SwarmStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** What the cluster goals share: the client, the swarm's name, durations, following a run, failures. */
final class ClusterGoals {
  private ClusterGoals() {}

  static MantaClient client(String dockerHost, String conductorHost, Log log) {
    MantaClient.Builder b = MantaClient.builder().progress(log::info);
    if (dockerHost != null && !dockerHost.isBlank()) {
      b.dockerHost(dockerHost.strip());
    }
    if (conductorHost != null && !conductorHost.isBlank()) {
      b.conductorHost(conductorHost.strip());
    }
    return b.build();
  }

  /** {@code -Dmanta.swarm}, else the one swarm deployed on the cluster. */
  static String swarm(String given, MantaClient client) throws MojoFailureException {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    SortedSet<String> deployed = client.swarms();
    if (deployed.size() == 1) {
      return deployed.first();
    }
    if (deployed.isEmpty()) {
      throw new MojoFailureException("no swarm is deployed on this cluster (deploy one with mvn manta:deploy)");
    }
    throw new MojoFailureException("several swarms are deployed (" + String.join(", ", deployed)
        + "); choose one with -D" + MantaProperties.SWARM + "=NAME");
  }

  static Duration duration(String text, String property) throws MojoFailureException {
    String t = text.strip();
    try {
      if (t.matches("\\d+[smh]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
      if (d.isNegative() || d.isZero()) {
        throw new DateTimeParseException("not positive", t, 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new MojoFailureException(property + " is '" + text + "'; use a positive duration such as 90s, 10m, 2h "
          + "or PT10M");
    }
  }

  /**
   * Prints every log line until the run ends (bounded by {@code timeout}), writes its files into
   * {@code out}, and fails the build if the run failed.
   */
  static void follow(DeployedSwarm swarm, Duration timeout, Path out, Log log) throws MojoFailureException {
    log.info("following swarm '" + swarm.name() + "' (at most " + timeout.toSeconds() + " s)");
    for (Iterator<LogLine> it = swarm.follow(timeout); it.hasNext(); ) {
      log.info("  " + it.next());
    }
    SwarmStatus status = swarm.awaitEnd(Duration.ofSeconds(30), s -> { });
    List<Path> files = swarm.results(out);
    log.info("swarm '" + swarm.name() + "' " + status.run().toLowerCase(Locale.ROOT) + " after " + status.iteration()
        + " iteration(s); " + files.size() + " file(s) in " + out);
    if (status.run().equals("FAILED")) {
      throw new MojoFailureException("swarm '" + swarm.name() + "' failed: "
          + status.failureCause().orElse("(no cause recorded)") + "\n  see " + out.resolve("instances.json"));
    }
  }

  /** The client's failure as the build reports it, with what to do in Maven terms. */
  static MojoFailureException failure(MantaClientException e) {
    String hint = switch (e.reason()) {
      case NO_DOCKER, NOT_A_MANAGER -> "\n  The engine comes from DOCKER_HOST (or -D" + MantaProperties.DOCKER_HOST
          + "=unix:///var/run/docker.sock | tcp://HOST:2376).";
      case ALREADY_DEPLOYED -> "\n  mvn manta:undeploy -D" + MantaProperties.SWARM + "=NAME removes it.";
      case CONDUCTOR_UNREACHABLE -> "\n  mvn manta:status shows its containers; -D" + MantaProperties.CONDUCTOR_HOST
          + "=HOST sets where this machine reaches the manager's published port.";
      default -> "";
    };
    return new MojoFailureException(e.getMessage() + hint, e);
  }
}
