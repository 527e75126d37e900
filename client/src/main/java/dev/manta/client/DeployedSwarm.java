package dev.manta.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.manta.graph.Json;
import dev.manta.runtime.cluster.ClusterLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A swarm deployed on the cluster: its status, logs and results, and its removal. Obtained from
 * {@link MantaClient#deploy} or {@link MantaClient#swarm}. Every wait it does has a bound.
 */
public final class DeployedSwarm {
  /** The files {@link #results} writes, as {@code manta:run} does (the journal when the conductor offers it). */
  public static final List<String> RESULT_FILES = ClusterLayout.FILES;
  private static final Duration POLL = Duration.ofMillis(500);

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
    List<Service> services = docker.listServicesCmd().withNameFilter(List.of(ClusterLayout.conductorService(swarm)))
        .exec().stream().filter(s -> ClusterLayout.conductorService(swarm).equals(s.getSpec().getName())).toList();
    if (services.isEmpty()) {
      throw notDeployed();
    }
    Service service = services.get(0);
    int port = ClusterLayout.CONDUCTOR_PORT;
    if (service.getSpec().getEndpointSpec() != null && service.getSpec().getEndpointSpec().getPorts() != null) {
      for (PortConfig p : service.getSpec().getEndpointSpec().getPorts()) {
        if (p.getTargetPort() == ClusterLayout.CONDUCTOR_PORT && p.getPublishedPort() > 0) {
          port = p.getPublishedPort();
        }
      }
    }
    String host = conductorHost;
    if (host == null) {
      host = fallbackHost;
      Map<String, String> addresses = new HashMap<>();
      NodeReader.read(docker).forEach(n -> addresses.put(n.dockerId(), n.address()));
      for (Task t : docker.listTasksCmd().withServiceFilter(service.getId()).exec()) {
        if (t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING && t.getNodeId() != null) {
          String address = addresses.get(t.getNodeId());
          if (address != null && !address.isBlank() && !address.equals("0.0.0.0") && !address.startsWith("127.")) {
            host = address;
          }
        }
      }
    }
    return URI.create("http://" + host + ":" + port);
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
    Map<String, String> hostnames = new HashMap<>();
    for (ClusterNode n : NodeReader.read(docker)) {
      hostnames.put(n.dockerId(), n.hostname());
    }
    List<SwarmStatus.Container> containers = new ArrayList<>();
    for (Service s : services) {
      Map<String, String> labels = s.getSpec().getLabels();
      String role = labels.getOrDefault(ClusterLayout.LABEL_ROLE, "");
      String module = labels.getOrDefault(ClusterLayout.LABEL_MODULE, "");
      // The newest task per node (global) or slot (conductor): earlier ones are history.
      Map<String, Task> newest = new LinkedHashMap<>();
      docker.listTasksCmd().withServiceFilter(s.getId()).exec().stream()
          .sorted(Comparator.comparing(t -> t.getCreatedAt() == null ? "" : t.getCreatedAt()))
          .forEach(t -> newest.put(t.getSlot() != null && t.getSlot() > 0 ? "slot" + t.getSlot() : "node" + t.getNodeId(),
              t));
      for (Task t : newest.values()) {
        String state = t.getStatus() == null || t.getStatus().getState() == null ? "unknown"
            : t.getStatus().getState().getValue().toLowerCase(Locale.ROOT);
        containers.add(new SwarmStatus.Container(role, module,
            t.getNodeId() == null ? "" : hostnames.getOrDefault(t.getNodeId(), t.getNodeId()), state,
            t.getStatus() == null ? "" : t.getStatus().getErr()));
      }
    }
    containers.sort(Comparator.comparing(SwarmStatus.Container::role).reversed()
        .thenComparing(SwarmStatus.Container::module).thenComparing(SwarmStatus.Container::node));
    String json;
    try {
      json = conductor().status();
    } catch (MantaClientException e) {
      if (e.reason() != MantaClientException.Reason.CONDUCTOR_UNREACHABLE) {
        throw e;
      }
      return new SwarmStatus(swarm, SwarmStatus.UNREACHABLE, 0, null, Map.of(), List.of(), List.of(), List.of(),
          containers, "{}");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, "the conductor's status is not "
          + "JSON: " + e.getMessage(), e);
    }
    String run = root.path("status").asText("RUNNING").toUpperCase(Locale.ROOT);
    int iteration = root.path("iteration").asInt(0);
    String failure = root.path("failure").isTextual() ? root.path("failure").asText() : null;
    Map<String, Map<String, String>> tasks = new java.util.TreeMap<>();
    root.path("tasks").fields().forEachRemaining(t -> {
      Map<String, String> nodes = new java.util.TreeMap<>();
      t.getValue().fields().forEachRemaining(n -> nodes.put(n.getKey(), n.getValue().asText()));
      tasks.put(t.getKey(), nodes);
    });
    return new SwarmStatus(swarm, run, iteration, failure, tasks, texts(root.path("failures")),
        texts(root.path("lostNodes")), texts(root.path("agents")), containers, json);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
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
      DockerObjects.sleep(POLL.toMillis());
    }
  }

  /** The log lines after sequence number {@code after}, waiting up to {@code wait} for the first one. */
  public List<LogLine> logs(long after, Duration wait) {
    return conductor().logs(after, wait).lines();
  }

  /**
   * Every log line from the start until the run ends, or until {@code timeout}: an iterator whose
   * {@code hasNext} long-polls the conductor (each poll bounded) and returns {@code false} once the
   * run has ended and every line was read. Past the timeout it throws a {@link MantaClientException}
   * with reason TIMED_OUT. A conductor that stops answering (killed, restarting) is waited for until
   * the timeout; its restarted successor's log is then followed from its first line.
   */
  public Iterator<LogLine> follow(Duration timeout) {
    ConductorHttp conductor = conductor();
    long deadline = System.nanoTime() + timeout.toNanos();
    return new Iterator<>() {
      private final List<LogLine> buffer = new ArrayList<>();
      private long after;
      private boolean ended;
      private boolean away;

      @Override
      public boolean hasNext() {
        while (buffer.isEmpty() && !ended) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new MantaClientException(MantaClientException.Reason.TIMED_OUT, "swarm '" + swarm + "': followed its "
                + "logs for " + timeout.toSeconds() + " s and the run has not ended");
          }
          ConductorHttp.LogPage page;
          try {
            page = conductor.logs(after, Duration.ofNanos(Math.min(left, Duration.ofSeconds(10).toNanos())));
          } catch (MantaClientException e) {
            if (e.reason() != MantaClientException.Reason.CONDUCTOR_UNREACHABLE) {
              throw e;
            }
            // Killed or restarting: Swarm starts it again and it resumes from its journal, with a
            // log of its own (numbered from 1), so following goes on from that log's first line.
            if (!away) {
              away = true;
              buffer.add(new LogLine(after, "(the conductor does not answer: " + e.getMessage() + "; waiting for it"
                  + " to come back, then following its log from the start)"));
            }
            DockerObjects.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000));
            continue;
          }
          if (away) {
            away = false;
            after = 0;
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
    return new MantaClientException(MantaClientException.Reason.NOT_DEPLOYED, "swarm '" + swarm + "' is not deployed "
        + "on this cluster (no Docker object labelled " + ClusterLayout.LABEL_SWARM + "=" + swarm + "); "
        + "deployed swarms: " + DockerObjects.swarms(docker));
  }
}
