package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.manta.runtime.cluster.ClusterLayout;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this machine reaches a swarm's conductor: the port its service publishes, on the address
 * of the node its running container is on (or the host given, or the engine's host).
 */
final class ConductorAddress {
  private ConductorAddress() {}

  /** Empty when the swarm has no conductor service. */
  static Optional<URI> of(DockerClient docker, String swarm, String fallbackHost, String conductorHost) {
    String name = ClusterLayout.conductorService(swarm);
    List<Service> services = docker.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> name.equals(s.getSpec().getName())).toList();
    if (services.isEmpty()) {
      return Optional.empty();
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
      Map<String, String> addresses = new HashMap<>();
      NodeReader.read(docker).forEach(n -> addresses.put(n.dockerId(), n.address()));
      // The node its running container is on; before it runs (or while it restarts), the node deploy
      // pinned it to (constraint node.id==…): a published host-mode port is not reachable as localhost.
      String node = null;
      for (Task t : docker.listTasksCmd().withServiceFilter(service.getId()).exec()) {
        if (t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING && t.getNodeId() != null) {
          node = t.getNodeId();
        }
      }
      if (node == null && service.getSpec().getTaskTemplate() != null
          && service.getSpec().getTaskTemplate().getPlacement() != null
          && service.getSpec().getTaskTemplate().getPlacement().getConstraints() != null) {
        for (String c : service.getSpec().getTaskTemplate().getPlacement().getConstraints()) {
          if (c.replace(" ", "").startsWith("node.id==")) {
            node = c.replace(" ", "").substring("node.id==".length());
          }
        }
      }
      String address = node == null ? null : addresses.get(node);
      host = address != null && !address.isBlank() && !address.equals("0.0.0.0") && !address.startsWith("127.")
          ? address : fallbackHost;
    }
    return Optional.of(URI.create("http://" + host + ":" + port));
  }
}
