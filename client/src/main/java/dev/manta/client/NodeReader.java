package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeRole;
import com.github.dockerjava.api.model.SwarmNodeState;
import dev.manta.runtime.cluster.ClusterLayout;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Reads the swarm's nodes and their Manta labels. */
final class NodeReader {
  private NodeReader() {}

  static List<ClusterNode> read(DockerClient docker) {
    return docker.listSwarmNodesCmd().exec().stream()
        .map(NodeReader::toNode)
        .sorted(Comparator.comparing(ClusterNode::id))
        .toList();
  }

  static ClusterNode toNode(SwarmNode n) {
    Map<String, String> labels = n.getSpec() == null || n.getSpec().getLabels() == null ? Map.of()
        : n.getSpec().getLabels();
    String hostname = n.getDescription() == null || n.getDescription().getHostname() == null ? n.getId()
        : n.getDescription().getHostname();
    String id = labels.getOrDefault(ClusterLayout.NODE_LABEL_ID, "").isBlank() ? hostname
        : labels.get(ClusterLayout.NODE_LABEL_ID).strip();
    List<String> datasets = datasets(labels.get(ClusterLayout.NODE_LABEL_DATASETS));
    boolean gpu = "true".equalsIgnoreCase(labels.getOrDefault(ClusterLayout.NODE_LABEL_GPU, "").strip());
    boolean ready = n.getStatus() != null && n.getStatus().getState() == SwarmNodeState.READY
        && (n.getSpec() == null || n.getSpec().getAvailability() == null
            || n.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE);
    boolean manager = n.getSpec() != null && n.getSpec().getRole() == SwarmNodeRole.MANAGER;
    double cpus = 0;
    long memory = 0;
    if (n.getDescription() != null && n.getDescription().getResources() != null) {
      Long nano = n.getDescription().getResources().getNanoCPUs();
      Long bytes = n.getDescription().getResources().getMemoryBytes();
      cpus = nano == null ? 0 : nano / 1e9;
      memory = bytes == null ? 0 : bytes;
    }
    String address = n.getStatus() == null ? "" : n.getStatus().getAddress();
    return new ClusterNode(n.getId(), id, hostname, address, manager, ready, datasets, gpu, labels, cpus, memory);
  }

  /** The comma-separated names of a {@code manta.datasets} label. */
  static List<String> datasets(String label) {
    if (label == null || label.isBlank()) {
      return List.of();
    }
    return Arrays.stream(label.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }
}
