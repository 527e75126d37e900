package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Waits, with a bound, until every service of a fresh deployment runs a container on each node it
 * should, and recognises the failures that will not go away by waiting: an image a node cannot
 * pull, a bind mount whose folder is missing, a container that keeps failing.
 */
final class StartupWatch {
  /** A service whose containers failed this many times is not going to start. */
  static final int FAILURE_LIMIT = 4;

  /**
   * After a node's first failed pull, how long the others get to pull or fail too, so that the error
   * names them all. A node still pulling (or one whose engine is slow to take its task, as on a
   * loaded machine) holds the error back this long at most; 10 s was too short for the second of
   * two nodes that could not pull on a loaded CI machine.
   */
  static final Duration PULL_GRACE = Duration.ofSeconds(30);

  /** Between two reads of the services' tasks: containers start within seconds, and the deploy waits for the last. */
  static final Duration POLL = Duration.ofMillis(200);

  /** What one service should run: on which nodes (Docker node id → hostname). */
  record Expected(String serviceId, String serviceName, Map<String, String> nodes) {}

  private StartupWatch() {}

  static void await(DockerClient docker, List<Expected> expected, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long firstPullFailure = 0;
    String last = "";
    while (true) {
      List<String> waiting = new ArrayList<>();
      List<PullFailure> pullFailures = new ArrayList<>();
      boolean allNodesHeard = true;
      for (Expected e : expected) {
        List<Task> tasks = docker.listTasksCmd().withServiceFilter(e.serviceId()).exec();
        int failures = 0;
        String lastError = "";
        Map<String, Boolean> running = new HashMap<>();
        Map<String, String> cannotPull = new TreeMap<>();
        String image = "";
        for (Task t : tasks) {
          TaskState state = t.getStatus() == null ? null : t.getStatus().getState();
          String err = t.getStatus() == null || t.getStatus().getErr() == null ? "" : t.getStatus().getErr();
          if (image.isEmpty() && t.getSpec() != null && t.getSpec().getContainerSpec() != null
              && t.getSpec().getContainerSpec().getImage() != null) {
            image = t.getSpec().getContainerSpec().getImage();
          }
          if (state == TaskState.RUNNING) {
            running.put(t.getNodeId(), true);
          } else if (state == TaskState.REJECTED || state == TaskState.FAILED) {
            failures++;
            lastError = err.isEmpty() ? state.name().toLowerCase(Locale.ROOT) : err;
            String node = e.nodes().getOrDefault(t.getNodeId(), t.getNodeId());
            if (pullFailure(err)) {
              cannotPull.put(t.getNodeId(), err);
            }
            if (err.contains("bind source path does not exist")) {
              throw new MantaClientException(MantaClientException.Reason.START_FAILED, "node " + node + " cannot "
                  + "start " + e.serviceName() + ": " + err + "\n  The datasets root must hold a folder per node "
                  + "hostname (<root>/" + node + "/<dataset>) on each node that runs a module with datasets.");
            }
          }
        }
        cannotPull.keySet().removeIf(running::containsKey); // pulled after all (a registry that came back)
        if (!cannotPull.isEmpty()) {
          Map<String, String> byHost = new TreeMap<>();
          cannotPull.forEach((id, err) -> byHost.put(e.nodes().getOrDefault(id, id), err));
          List<String> pulled = e.nodes().entrySet().stream().filter(n -> running.containsKey(n.getKey()))
              .map(Map.Entry::getValue).sorted().toList();
          pullFailures.add(new PullFailure(e.serviceName(), image, byHost, pulled));
          if (!e.nodes().keySet().stream().allMatch(n -> running.containsKey(n) || cannotPull.containsKey(n))) {
            allNodesHeard = false;
          }
        } else if (failures >= FAILURE_LIMIT) {
          throw new MantaClientException(MantaClientException.Reason.START_FAILED, e.serviceName() + " failed to start "
              + failures + " times; last error: " + lastError + "\n  See its output: docker service logs "
              + e.serviceName());
        }
        for (Map.Entry<String, String> n : e.nodes().entrySet()) {
          if (!running.containsKey(n.getKey())) {
            waiting.add(e.serviceName() + "@" + n.getValue());
          }
        }
      }
      if (!pullFailures.isEmpty()) {
        if (firstPullFailure == 0) {
          firstPullFailure = System.nanoTime();
          if (!allNodesHeard) {
            PullFailure f = pullFailures.get(0);
            progress.accept(String.join(", ", f.nodes().keySet()) + " cannot pull " + f.image() + "; waiting up to "
                + PULL_GRACE.toSeconds() + " s for the other nodes' pulls");
          }
        }
        // Wait a little for the other nodes' pulls, so that the error names every node that cannot pull.
        if (allNodesHeard || System.nanoTime() - firstPullFailure > PULL_GRACE.toNanos()
            || System.nanoTime() > deadline) {
          throw pullFailed(pullFailures.get(0));
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      String line = "waiting for " + waiting.size() + " container(s): " + String.join(", ", waiting);
      if (!line.equals(last)) {
        progress.accept(line);
        last = line;
      }
      if (System.nanoTime() > deadline) {
        throw new MantaClientException(MantaClientException.Reason.START_FAILED, "not running after "
            + timeout.toSeconds() + " s: " + String.join(", ", waiting) + "\n  'docker service ps --no-trunc NAME' "
            + "says why (a pending task often means no node has the resources the module reserves)");
      }
      DockerObjects.sleep(POLL.toMillis());
    }
  }

  /** The nodes (host names) of one service that cannot pull its image, with Docker's error, and those that did. */
  record PullFailure(String serviceName, String image, Map<String, String> nodes, List<String> pulledOn) {
    PullFailure {
      nodes = new TreeMap<>(nodes);
    }
  }

  static MantaClientException pullFailed(PullFailure f) {
    String errors = new java.util.LinkedHashSet<>(f.nodes().values()).size() == 1
        ? f.nodes().values().iterator().next()
        : f.nodes().entrySet().stream().map(n -> n.getKey() + ": " + n.getValue())
            .collect(java.util.stream.Collectors.joining("; "));
    boolean loopback = f.image().startsWith("127.") || f.image().startsWith("localhost") || f.image().startsWith("[::1]");
    return new MantaClientException(MantaClientException.Reason.IMAGE_PULL_FAILED, (f.nodes().size() == 1
        ? "node " : "nodes ") + String.join(", ", f.nodes().keySet()) + " cannot pull image "
        + (f.image().isEmpty() ? "(unknown)" : f.image()) + " of " + f.serviceName()
        + (f.pulledOn().isEmpty() ? "" : " (it runs on " + String.join(", ", f.pulledOn()) + ")") + ": " + errors
        + "\n  Every node must reach the registry the image was pushed to (insecure registries need "
        + "--insecure-registry on every node's dockerd), and the image must be there."
        + (loopback ? " A registry at 127.0.0.1 or localhost is each node's own loopback: push to an address every "
            + "node reaches (-Dmanta.registry=HOST:PORT)." : ""));
  }

  /** Docker's words for an image that cannot be pulled. */
  static boolean pullFailure(String err) {
    String e = err.toLowerCase(Locale.ROOT);
    return e.contains("no such image") || e.contains("pull access denied") || e.contains("manifest unknown")
        || e.contains("error pulling") || e.contains("failed to pull") || e.contains("repository does not exist")
        || e.contains("not found: manifest");
  }
}
