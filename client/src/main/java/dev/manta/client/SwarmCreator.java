package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.SwarmInfo;
import dev.manta.Driver;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.runtime.cluster.ClusterLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates a deployment's Docker objects in order (networks, manifest config, token secret, journal
 * volume, conductor, agents), waits until every container runs, and on any failure removes what it
 * created, so nothing half-made is left behind.
 */
final class SwarmCreator {
  private final DockerClient docker;
  private final TokenStore tokens;
  private final Consumer<String> progress;

  SwarmCreator(DockerClient docker, TokenStore tokens, Consumer<String> progress) {
    this.docker = docker;
    this.tokens = tokens;
    this.progress = progress;
  }

  /** Checks that the engine is a swarm manager; returns its node id. */
  static String requireManager(DockerClient docker) {
    Info info = docker.infoCmd().exec();
    SwarmInfo swarm = info.getSwarm();
    if (swarm == null || !Boolean.TRUE.equals(swarm.getControlAvailable())) {
      String state = swarm == null || swarm.getLocalNodeState() == null ? "not in a swarm"
          : swarm.getLocalNodeState().name().toLowerCase(java.util.Locale.ROOT) + (swarm.getNodeID() == null
              || swarm.getNodeID().isEmpty() ? "" : ", a worker");
      throw new MantaClientException(MantaClientException.Reason.NOT_A_MANAGER, "the Docker engine "
          + info.getName() + " is not a swarm manager (" + state + "): point DOCKER_HOST at a manager of the swarm "
          + "(docker node ls lists them), or make this engine one with 'docker swarm init'");
    }
    return swarm.getNodeID();
  }

  Map<String, Placement.ModulePlacement> create(Deployment d) {
    String swarm = d.swarm();
    String managerId = requireManager(docker);
    for (Manifest.NetworkEntry n : d.manifest().networks()) {
      if (n.driver() == Driver.HOST) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "network '" + n.name() + "' uses the "
            + "host driver, which a Docker swarm service cannot share with the swarm's overlay network; declare it "
            + "with driver = Driver.OVERLAY to deploy it on a cluster");
      }
    }
    List<DockerObjects.Ref> existing = DockerObjects.list(docker, swarm, false);
    if (!existing.isEmpty()) {
      throw new MantaClientException(MantaClientException.Reason.ALREADY_DEPLOYED, "swarm '" + swarm + "' is already "
          + "deployed on this cluster (" + existing.size() + " object(s) labelled " + ClusterLayout.LABEL_SWARM + "="
          + swarm + ": " + existing.stream().map(Object::toString).limit(6).toList() + "); undeploy it first "
          + "(mvn manta:undeploy -Dmanta.swarm=" + swarm + "), or deploy under another name");
    }
    List<ClusterNode> nodes = NodeReader.read(docker);
    Map<String, Placement.ModulePlacement> placements = Placement.of(d.manifest(), nodes);
    for (Placement.ModulePlacement p : placements.values()) {
      if (p.eligible().isEmpty()) {
        StringBuilder why = new StringBuilder();
        p.excluded().forEach((node, reason) -> why.append("\n  ").append(node).append(": ").append(reason));
        throw new MantaClientException(MantaClientException.Reason.NO_ELIGIBLE_NODE, "no node of the cluster can run "
            + "module '" + p.module() + "':" + why + "\n  Label the nodes (docker node update --label-add "
            + ClusterLayout.NODE_LABEL_DATASETS + "=NAME,… / " + ClusterLayout.NODE_LABEL_GPU + "=true NODE).");
      }
    }
    boolean datasets = d.manifest().modules().stream().anyMatch(m -> !m.datasets().isEmpty());
    if (datasets && d.datasetsRoot() == null) {
      throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "swarm '" + swarm + "' reads datasets, "
          + "and no datasets root is set: give the host folder holding <root>/<node hostname>/<dataset> on each node "
          + "(-Dmanta.datasetsRoot=PATH, or Deployment.Builder.datasetsRoot)");
    }
    String nodesJson = ServiceSpecs.nodesJson(placements);
    int port = conductorPort(d);

    List<DockerObjects.Ref> created = new ArrayList<>();
    boolean tokenWritten = false;
    try {
      Map<String, String> labels = ServiceSpecs.labels(swarm, null, null);
      created.add(network(ServiceSpecs.network(swarm), "overlay", labels));
      for (Manifest.NetworkEntry n : d.manifest().networks()) {
        // A bridge network cannot span nodes: on a cluster every swarm network is an overlay.
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("manta.driver", n.driver().dockerName());
        created.add(network(ServiceSpecs.network(swarm, n.name()), "overlay", l));
      }
      String config = docker.createConfigCmd().withName(ClusterLayout.manifestConfig(swarm))
          .withData(ManifestCodec.write(d.manifest())).withLabels(labels).exec().getId();
      created.add(new DockerObjects.Ref("config", config, ClusterLayout.manifestConfig(swarm)));
      String token = TokenStore.newToken();
      String secret = docker.createSecretCmd(new com.github.dockerjava.api.model.SecretSpec()
          .withName(ClusterLayout.tokenSecret(swarm)).withData(token).withLabels(labels)).exec().getId();
      created.add(new DockerObjects.Ref("secret", secret, ClusterLayout.tokenSecret(swarm)));
      tokens.write(swarm, token);
      tokenWritten = true;
      String volume = ClusterLayout.journalVolume(swarm);
      var volumes = docker.listVolumesCmd().withFilter("name", List.of(volume)).exec().getVolumes();
      boolean volumeExists = volumes != null && volumes.stream().anyMatch(v -> v.getName().equals(volume));
      if (volumeExists) {
        progress.accept("journal volume " + volume + " exists from an earlier deployment: the conductor resumes from "
            + "it (undeploy with purge to start afresh)");
      } else {
        docker.createVolumeCmd().withName(volume).withLabels(labels).exec();
        created.add(new DockerObjects.Ref("volume", volume, volume));
      }
      List<String> moduleNames = new ArrayList<>(d.images().keySet());
      Collections.sort(moduleNames);
      String conductorImage = d.images().get(moduleNames.get(0));
      List<StartupWatch.Expected> expected = new ArrayList<>();
      String conductorId = docker.createServiceCmd(ServiceSpecs.conductor(d, conductorImage, nodesJson, managerId, secret,
          config, port))
          .exec().getId();
      created.add(new DockerObjects.Ref("service", conductorId, ClusterLayout.conductorService(swarm)));
      String managerHost = nodes.stream().filter(n -> n.dockerId().equals(managerId)).map(ClusterNode::hostname)
          .findFirst().orElse(managerId);
      expected.add(new StartupWatch.Expected(conductorId, ClusterLayout.conductorService(swarm),
          Map.of(managerId, managerHost)));
      progress.accept("conductor " + ClusterLayout.conductorService(swarm) + " on " + managerHost + ", port "
          + port);
      for (Manifest.Module m : d.manifest().modules()) {
        Placement.ModulePlacement p = placements.get(m.name());
        String id = docker.createServiceCmd(ServiceSpecs.agent(d, m, p, nodes, nodesJson, secret)).exec().getId();
        String name = ServiceSpecs.agentService(swarm, m.name());
        created.add(new DockerObjects.Ref("service", id, name));
        Map<String, String> on = new LinkedHashMap<>();
        p.eligible().forEach(n -> on.put(n.dockerId(), n.hostname()));
        expected.add(new StartupWatch.Expected(id, name, on));
        progress.accept("agents of module " + m.name() + " on " + p.eligible().stream().map(ClusterNode::id).toList());
      }
      StartupWatch.await(docker, expected, d.startTimeout(), progress);
      return placements;
    } catch (RuntimeException e) {
      rollback(swarm, created, tokenWritten, e);
      if (e instanceof MantaClientException) {
        throw e;
      }
      throw new MantaClientException(MantaClientException.Reason.DOCKER_ERROR, "deploying swarm '" + swarm
          + "' failed: " + e.getMessage() + " (what was created is removed again)", e);
    }
  }

  /** The deployment's port if free, else (when it set none) the first free one from 7070. */
  private int conductorPort(Deployment d) {
    Map<Integer, String> used = new java.util.TreeMap<>();
    for (com.github.dockerjava.api.model.Service s : docker.listServicesCmd().exec()) {
      var endpoint = s.getSpec() == null ? null : s.getSpec().getEndpointSpec();
      if (endpoint != null && endpoint.getPorts() != null) {
        endpoint.getPorts().forEach(p -> used.put(p.getPublishedPort(), s.getSpec().getName()));
      }
    }
    if (d.conductorPort() != 0) {
      if (used.containsKey(d.conductorPort())) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "port " + d.conductorPort() + " is "
            + "published already by service " + used.get(d.conductorPort()) + "; choose another conductor port "
            + "(-Dmanta.conductorPort) or leave it unset to take the first free one from "
            + Deployment.DEFAULT_CONDUCTOR_PORT);
      }
      return d.conductorPort();
    }
    int port = Deployment.DEFAULT_CONDUCTOR_PORT;
    while (used.containsKey(port)) {
      port++;
    }
    return port;
  }

  private DockerObjects.Ref network(String name, String driver, Map<String, String> labels) {
    String id = docker.createNetworkCmd().withName(name).withDriver(driver).withAttachable(true)
        .withCheckDuplicate(true).withLabels(labels).exec().getId();
    return new DockerObjects.Ref("network", id, name);
  }

  private void rollback(String swarm, List<DockerObjects.Ref> created, boolean tokenWritten, RuntimeException cause) {
    progress.accept("deploy failed: removing the " + created.size() + " object(s) it created");
    List<DockerObjects.Ref> reversed = new ArrayList<>(created);
    Collections.reverse(reversed);
    List<String> problems;
    try {
      problems = DockerObjects.remove(docker, reversed);
    } catch (RuntimeException e) {
      problems = List.of(e.toString());
    }
    if (tokenWritten) {
      try {
        tokens.delete(swarm);
      } catch (MantaClientException e) {
        problems = new ArrayList<>(problems);
        problems.add(e.getMessage());
      }
    }
    for (String p : problems) {
      cause.addSuppressed(new IllegalStateException("left behind by the rollback: " + p));
      progress.accept("could not remove " + p);
    }
  }
}
