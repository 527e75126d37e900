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
import java.util.function.Consumer;

/**
 * Waits, with a bound, until every service of a fresh deployment runs a container on each node it
 * should, and recognises the failures that will not go away by waiting: an image a node cannot
 * pull, a bind mount whose folder is missing, a container that keeps failing.
 */
final class StartupWatch {
  /** A service whose containers failed this many times is not going to start. */
  static final int FAILURE_LIMIT = 4;

  /** What one service should run: on which nodes (Docker node id → hostname). */
  record Expected(String serviceId, String serviceName, Map<String, String> nodes) {}

  private StartupWatch() {}

  static void await(DockerClient docker, List<Expected> expected, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (Expected e : expected) {
        List<Task> tasks = docker.listTasksCmd().withServiceFilter(e.serviceId()).exec();
        int failures = 0;
        String lastError = "";
        Map<String, Boolean> running = new HashMap<>();
        for (Task t : tasks) {
          TaskState state = t.getStatus() == null ? null : t.getStatus().getState();
          String err = t.getStatus() == null || t.getStatus().getErr() == null ? "" : t.getStatus().getErr();
          if (state == TaskState.RUNNING) {
            running.put(t.getNodeId(), true);
          } else if (state == TaskState.REJECTED || state == TaskState.FAILED) {
            failures++;
            lastError = err.isEmpty() ? state.name().toLowerCase(Locale.ROOT) : err;
            String node = e.nodes().getOrDefault(t.getNodeId(), t.getNodeId());
            if (pullFailure(err)) {
              throw new MantaClientException(MantaClientException.Reason.IMAGE_PULL_FAILED, "node " + node
                  + " cannot pull the image of " + e.serviceName() + ": " + err + "\n  Every node must reach the "
                  + "registry the image was pushed to (insecure registries need --insecure-registry on every node's "
                  + "dockerd), and the image must be there.");
            }
            if (err.contains("bind source path does not exist")) {
              throw new MantaClientException(MantaClientException.Reason.START_FAILED, "node " + node + " cannot "
                  + "start " + e.serviceName() + ": " + err + "\n  The datasets root must hold a folder per node "
                  + "hostname (<root>/" + node + "/<dataset>) on each node that runs a module with datasets.");
            }
          }
        }
        if (failures >= FAILURE_LIMIT) {
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
      DockerObjects.sleep(500);
    }
  }

  /** Docker's words for an image that cannot be pulled. */
  static boolean pullFailure(String err) {
    String e = err.toLowerCase(Locale.ROOT);
    return e.contains("no such image") || e.contains("pull access denied") || e.contains("manifest unknown")
        || e.contains("error pulling") || e.contains("failed to pull") || e.contains("repository does not exist")
        || e.contains("not found: manifest");
  }
}
