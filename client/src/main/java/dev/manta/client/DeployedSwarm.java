package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import dev.manta.runtime.cluster.ClusterLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A swarm deployed on the cluster: its status, logs and results, and its removal. Obtained from
 * {@link MantaClient#deploy} or {@link MantaClient#swarm}. Every wait it does has a bound.
 */
public final class DeployedSwarm {
  /** The files {@link #results} writes, as {@code manta:run} does (the journal when the conductor offers it). */
  public static final List<String> RESULT_FILES = ClusterLayout.FILES;
  private static final Duration POLL = Duration.ofMillis(500);
  /**
   * Between two status reads while {@link #awaitAgents} or {@link #awaitEnd} waits: short, since at
   * deploy the agents register within a few seconds and every read after the last one is the
   * caller's time lost (a read is a few Docker calls and one HTTP request).
   */
  static final Duration STATUS_POLL = Duration.ofMillis(200);

  private final DockerClient docker;
  private final String swarm;
  private final TokenStore tokens;
  private final String fallbackHost;
  private final String conductorHost;

  DeployedSwarm(DockerClient docker, String swarm, TokenStore tokens, String fallbackHost, String conductorHost) {
    this.docker = docker;
    this.swarm = swarm;
    this.tokens = tokens;
    this.fallbackHost = fallbackHost;
    this.conductorHost = conductorHost;
  }

  /** The swarm's name. */
  public String name() {
    return swarm;
  }

  /** Where this machine reaches the conductor: its manager's address and the published port. */
  public URI conductorUri() {
    return ConductorAddress.of(docker, swarm, fallbackHost, conductorHost).orElseThrow(this::notDeployed);
  }

  ConductorHttp conductor() {
    return new ConductorHttp(conductorUri(), tokens.read(swarm), swarm);
  }

  /** Docker's view of every container and, when it answers, the conductor's view of the run. */
  public SwarmStatus status() {
    List<Service> services = DockerObjects.services(docker, swarm);
    if (services.isEmpty()) {
      throw notDeployed();
    }
    List<SwarmStatus.Container> containers = StatusReader.containers(docker, services);
    String json;
    try {
      json = conductor().status();
    } catch (MantaClientException e) {
      if (e.reason() != MantaClientException.Reason.CONDUCTOR_UNREACHABLE) {
        throw e;
      }
      return StatusReader.unreachable(swarm, containers);
    }
    return StatusReader.parse(swarm, json, containers);
  }

  /**
   * Waits until the conductor answers and has registered as many agents as Docker runs agent
   * containers for the swarm (or the run has already ended); each new status goes to {@code progress}.
   */
  public SwarmStatus awaitAgents(Duration timeout, Consumer<SwarmStatus> progress) {
    return await(timeout, progress, s -> !s.run().equals(SwarmStatus.UNREACHABLE) && (s.ended()
        || (s.runningAgentContainers() > 0 && s.agents().size() >= s.runningAgentContainers())), "the agents to register");
  }

  /** Waits until the run ends (COMPLETED, STOPPED or FAILED), reporting each new status to {@code progress}. */
  public SwarmStatus awaitEnd(Duration timeout, Consumer<SwarmStatus> progress) {
    return await(timeout, progress, SwarmStatus::ended, "the run to end");
  }

  private SwarmStatus await(Duration timeout, Consumer<SwarmStatus> progress,
      java.util.function.Predicate<SwarmStatus> done, String what) {
    Objects.requireNonNull(progress, "progress");
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (true) {
      SwarmStatus s = status();
      String key = s.run() + " " + s.iteration() + " " + s.agents().size() + " " + s.runningAgentContainers();
      if (!key.equals(last)) {
        last = key;
        try {
          progress.accept(s);
        } catch (RuntimeException e) {
          throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "the progress callback threw " + e, e);
        }
      }
      if (done.test(s)) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new MantaClientException(MantaClientException.Reason.TIMED_OUT, "swarm '" + swarm + "': waited "
            + timeout.toSeconds() + " s for " + what + "; last status: " + s.describe());
      }
      DockerObjects.sleep(STATUS_POLL.toMillis());
    }
  }

  /** The log lines after sequence number {@code after}, waiting up to {@code wait} for the first one. */
  public List<LogLine> logs(long after, Duration wait) {
    return conductor().logs(after, wait).lines();
  }

  /**
   * Every log line from the start until the run ends, or until {@code timeout}: an iterator whose
   * {@code hasNext} long-polls the conductor (each poll bounded) and returns {@code false} once the
   * run has ended and every line was read. While the conductor restarts it waits (the lines of the
   * restarted conductor follow from its first). Past the timeout it throws a
   * {@link MantaClientException} with reason TIMED_OUT.
   */
  public Iterator<LogLine> follow(Duration timeout) {
    ConductorHttp conductor = conductor();
    long deadline = System.nanoTime() + timeout.toNanos();
    return new Iterator<>() {
      private final List<LogLine> buffer = new ArrayList<>();
      private long after;
      private boolean ended;
      private boolean lostConductor;

      @Override
      public boolean hasNext() {
        while (buffer.isEmpty() && !ended) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new MantaClientException(MantaClientException.Reason.TIMED_OUT, "swarm '" + swarm + "': followed its "
                + "logs for " + timeout.toSeconds() + " s and the run has not ended");
          }
          ConductorHttp.Page page;
          try {
            page = conductor.logs(after, Duration.ofNanos(Math.min(left, Duration.ofSeconds(10).toNanos())));
          } catch (MantaClientException e) {
            if (e.reason() != MantaClientException.Reason.CONDUCTOR_UNREACHABLE) {
              throw e;
            }
            // Restarting (Swarm restarts a failed conductor, which resumes from its journal): wait for it.
            lostConductor = true;
            DockerObjects.sleep(POLL.toMillis());
            continue;
          }
          if (lostConductor) {
            // A restarted conductor numbers its log from 1 again: read it from its start.
            lostConductor = false;
            after = 0;
            buffer.add(new LogLine(0, "(the conductor of swarm '" + swarm + "' was restarted; its log follows)"));
            continue;
          }
          buffer.addAll(page.lines());
          after = Math.max(after, page.next());
          if (page.ended() && page.lines().isEmpty()) {
            ended = true;
          }
        }
        return !buffer.isEmpty();
      }

      @Override
      public LogLine next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return buffer.remove(0);
      }
    };
  }

  /** Hands every log line to {@code consumer} until the run ends or {@code timeout} passes. */
  public void follow(Duration timeout, Consumer<LogLine> consumer) {
    for (Iterator<LogLine> it = follow(timeout); it.hasNext(); ) {
      LogLine line = it.next();
      try {
        consumer.accept(line);
      } catch (RuntimeException e) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "the log consumer threw " + e, e);
      }
    }
  }

  /**
   * Writes the run's files into {@code directory} as {@code manta:run} does: report.json,
   * globals.json, results.json, instances.json (and journal.jsonl). Returns the files written.
   */
  public List<Path> results(Path directory) {
    ConductorHttp conductor = conductor();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (String name : RESULT_FILES) {
        byte[] body = conductor.file(name);
        if (body == null) {
          continue;
        }
        Path file = directory.resolve(name);
        Path temporary = directory.resolve(name + ".tmp");
        Files.write(temporary, body);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        written.add(file);
      }
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.IO, "cannot write the results of swarm '" + swarm
          + "' into " + directory + ": " + e.getMessage(), e);
    }
    if (written.isEmpty()) {
      throw new MantaClientException(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, "the conductor of swarm '"
          + swarm + "' has no result files yet");
    }
    return written;
  }

  /**
   * Removes every Docker object labelled with this swarm; its journal volume too when {@code purge};
   * then the stored token, which no deployment accepts any more. Returns what was removed.
   */
  public List<String> undeploy(boolean purge) {
    List<DockerObjects.Ref> refs = DockerObjects.list(docker, swarm, purge);
    if (refs.isEmpty()) {
      throw notDeployed();
    }
    List<String> problems = DockerObjects.remove(docker, refs);
    if (!problems.isEmpty()) {
      throw new MantaClientException(MantaClientException.Reason.DOCKER_ERROR, "undeploy of swarm '" + swarm
          + "' left: " + String.join("; ", problems) + "\n  Run undeploy again once they are free.");
    }
    tokens.delete(swarm);
    return refs.stream().map(Object::toString).toList();
  }

  private MantaClientException notDeployed() {
    return DockerObjects.notDeployed(docker, swarm);
  }
}
