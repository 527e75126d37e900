package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import dev.manta.runtime.cluster.ClusterLayout;
import dev.manta.validation.GraphValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Finding and removing the Docker objects of a swarm by their {@code manta.swarm} label. */
final class DockerObjects {
  /** How long a removal waits for a service's containers to go before its volume and network can. */
  static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);

  /** One Docker object: its kind ({@code service}, {@code network}, {@code secret}, {@code config}, {@code volume}) and name. */
  record Ref(String kind, String id, String name) {
    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  private DockerObjects() {}

  private static Map<String, String> label(String swarm) {
    return Map.of(ClusterLayout.LABEL_SWARM, swarm);
  }

  static List<Service> services(DockerClient docker, String swarm) {
    return docker.listServicesCmd().withLabelFilter(label(swarm)).exec();
  }

  /** Every object labelled with {@code swarm}; volumes only when {@code volumes}. */
  static List<Ref> list(DockerClient docker, String swarm, boolean volumes) {
    List<Ref> out = new ArrayList<>();
    services(docker, swarm).forEach(s -> out.add(new Ref("service", s.getId(), s.getSpec().getName())));
    docker.listSecretsCmd().withLabelFilter(label(swarm)).exec()
        .forEach(s -> out.add(new Ref("secret", s.getId(), s.getSpec().getName())));
    docker.listConfigsCmd().withFilters(Map.of("label", List.of(ClusterLayout.LABEL_SWARM + "=" + swarm))).exec()
        .forEach(c -> out.add(new Ref("config", c.getId(), c.getSpec().getName())));
    for (Network n : docker.listNetworksCmd().withFilter("label", List.of(ClusterLayout.LABEL_SWARM + "=" + swarm))
        .exec()) {
      out.add(new Ref("network", n.getId(), n.getName()));
    }
    if (volumes) {
      var response = docker.listVolumesCmd().withFilter("label", List.of(ClusterLayout.LABEL_SWARM + "=" + swarm))
          .exec();
      if (response.getVolumes() != null) {
        response.getVolumes().forEach(v -> out.add(new Ref("volume", v.getName(), v.getName())));
      }
    }
    return out;
  }

  /** The names of the swarms that have at least one labelled service. */
  static TreeSet<String> swarms(DockerClient docker) {
    TreeSet<String> names = new TreeSet<>();
    for (Service s : docker.listServicesCmd().exec()) {
      Map<String, String> labels = s.getSpec() == null ? null : s.getSpec().getLabels();
      if (labels != null && labels.containsKey(ClusterLayout.LABEL_SWARM)
          && ClusterLayout.ROLE_CONDUCTOR.equals(labels.get(ClusterLayout.LABEL_ROLE))) {
        names.add(labels.get(ClusterLayout.LABEL_SWARM));
      }
    }
    return names;
  }

  /**
   * The error for a swarm of which no object exists: the swarms that are deployed, and the close
   * name when there is one.
   */
  static MantaClientException notDeployed(DockerClient docker, String swarm) {
    return new MantaClientException(MantaClientException.Reason.NOT_DEPLOYED, notDeployed(swarm, swarms(docker)));
  }

  static String notDeployed(String swarm, java.util.SortedSet<String> deployed) {
    String known = deployed.isEmpty() ? "no swarm is deployed" : "deployed swarms: " + String.join(", ", deployed);
    String guess = GraphValidator.closest(swarm, deployed).map(c -> "did you mean '" + c + "'? ").orElse("");
    return "swarm '" + swarm + "' is not deployed on this cluster (no Docker object labelled "
        + ClusterLayout.LABEL_SWARM + "=" + swarm + "); " + guess + known;
  }

  /**
   * Removes {@code refs}: services first, then (once their containers are gone) secrets, configs,
   * networks and volumes. A volume in use is retried until {@link #REMOVAL_WAIT}. Returns what
   * could not be removed, with why; objects already gone count as removed.
   */
  static List<String> remove(DockerClient docker, List<Ref> refs) {
    List<String> problems = new ArrayList<>();
    List<String> serviceIds = new ArrayList<>();
    for (Ref r : refs) {
      if (r.kind().equals("service")) {
        try {
          docker.removeServiceCmd(r.id()).exec();
          serviceIds.add(r.id());
        } catch (NotFoundException e) {
          // gone already
        } catch (RuntimeException e) {
          problems.add(r + ": " + e.getMessage());
        }
      }
    }
    long deadline = System.nanoTime() + REMOVAL_WAIT.toNanos();
    waitForTasksGone(docker, serviceIds, deadline);
    for (String kind : List.of("secret", "config", "network", "volume")) {
      for (Ref r : refs) {
        if (!r.kind().equals(kind)) {
          continue;
        }
        while (true) {
          try {
            switch (kind) {
              case "secret" -> docker.removeSecretCmd(r.id()).exec();
              case "config" -> docker.removeConfigCmd(r.id()).exec();
              case "network" -> docker.removeNetworkCmd(r.id()).exec();
              default -> {
                docker.removeVolumeCmd(r.id()).exec();
                // A container of a removed service that was still starting can create it again.
                sleep(1000);
                if (volumeExists(docker, r.id()) && System.nanoTime() < deadline) {
                  continue;
                }
              }
            }
            break;
          } catch (NotFoundException e) {
            break;
          } catch (ConflictException | com.github.dockerjava.api.exception.InternalServerErrorException e) {
            // in use: a container of a removed service is still stopping
            if (System.nanoTime() > deadline) {
              problems.add(r + ": still in use after " + REMOVAL_WAIT.toSeconds() + " s (" + e.getMessage().strip() + ")");
              break;
            }
            sleep(250);
          } catch (RuntimeException e) {
            problems.add(r + ": " + e.getMessage());
            break;
          }
        }
      }
    }
    // The swarm removes networks asynchronously: wait until they are gone, so a deploy of the same
    // name right after does not find them.
    for (Ref r : refs) {
      if (r.kind().equals("network")) {
        while (networkExists(docker, r.id()) && System.nanoTime() < deadline) {
          sleep(200);
        }
      }
    }
    return problems;
  }

  private static boolean volumeExists(DockerClient docker, String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static boolean networkExists(DockerClient docker, String id) {
    try {
      docker.inspectNetworkCmd().withNetworkId(id).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void waitForTasksGone(DockerClient docker, List<String> serviceIds, long deadline) {
    if (serviceIds.isEmpty()) {
      return;
    }
    while (System.nanoTime() < deadline) {
      boolean any;
      try {
        any = !docker.listTasksCmd().withServiceFilter(serviceIds.toArray(String[]::new)).exec().isEmpty();
      } catch (NotFoundException e) {
        any = false;
      }
      if (!any) {
        return;
      }
      sleep(250);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MantaClientException(MantaClientException.Reason.TIMED_OUT, "interrupted", e);
    }
  }
}
