package dev.manta.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node of the Docker swarm as Manta sees it.
 *
 * @param dockerId the Docker node id
 * @param id the Manta node id: its {@code manta.node} label, else its hostname
 * @param hostname the node's hostname
 * @param address the node's address in the swarm
 * @param manager whether it is a swarm manager
 * @param ready whether Docker reports it ready and its availability is active
 * @param datasets the dataset names of its {@code manta.datasets} label
 * @param gpu whether its {@code manta.gpu} label is {@code true}
 * @param labels all its Docker node labels
 * @param cpus its CPU cores
 * @param memoryBytes its memory
 */
public record ClusterNode(String dockerId, String id, String hostname, String address, boolean manager, boolean ready,
    List<String> datasets, boolean gpu, Map<String, String> labels, double cpus, long memoryBytes) {
  public ClusterNode {
    Objects.requireNonNull(dockerId, "dockerId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostname, "hostname");
    address = address == null ? "" : address;
    datasets = List.copyOf(datasets);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** Whether the node holds every one of {@code names}. */
  public boolean holds(List<String> names) {
    return datasets.containsAll(names);
  }
}
