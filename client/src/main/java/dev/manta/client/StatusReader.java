package dev.manta.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import dev.manta.graph.Json;
import dev.manta.runtime.cluster.ClusterLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link SwarmStatus}: Docker's containers of the swarm, and the conductor's status document. */
final class StatusReader {
  private StatusReader() {}

  /** The newest Docker task per node (agents) or slot (the conductor) of each service; earlier ones are history. */
  static List<SwarmStatus.Container> containers(DockerClient docker, List<Service> services) {
    Map<String, String> hostnames = new HashMap<>();
    for (ClusterNode n : NodeReader.read(docker)) {
      hostnames.put(n.dockerId(), n.hostname());
    }
    List<SwarmStatus.Container> containers = new ArrayList<>();
    for (Service s : services) {
      Map<String, String> labels = s.getSpec().getLabels();
      String role = labels.getOrDefault(ClusterLayout.LABEL_ROLE, "");
      String module = labels.getOrDefault(ClusterLayout.LABEL_MODULE, "");
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
    return containers;
  }

  static SwarmStatus unreachable(String swarm, List<SwarmStatus.Container> containers) {
    return new SwarmStatus(swarm, SwarmStatus.UNREACHABLE, 0, null, Map.of(), List.of(), List.of(), List.of(),
        containers, "{}");
  }

  /**
   * The conductor's {@code GET /v1/status} document: {@code {"swarm", "status", "iteration",
   * "failure", "tasks": {alias: {node: state}}, "failures", "lostNodes", "agents"}}.
   */
  static SwarmStatus parse(String swarm, String json, List<SwarmStatus.Container> containers) {
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
    Map<String, Map<String, String>> tasks = new TreeMap<>();
    root.path("tasks").fields().forEachRemaining(t -> {
      Map<String, String> nodes = new TreeMap<>();
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
}
