package dev.manta.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.VolumeOptions;
import dev.manta.graph.Json;
import dev.manta.graph.MemoryQuantity;
import dev.manta.manifest.Manifest;
import dev.manta.runtime.cluster.ClusterLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The Docker service specifications of a deployment: one conductor, one global agent service per module. */
final class ServiceSpecs {
  /** Secret and config files inside the containers: owner root, read-only. */
  private static final long READ_ONLY = 0400;
  private static final long SECOND_NANOS = 1_000_000_000L;
  /** The class path of every module image (manta-images' ModuleImage.CLASSES and LIBS; a test checks they agree). */
  static final String IMAGE_CLASSPATH = "/app/classes:/app/libs/*";

  private ServiceSpecs() {}

  /** The overlay network every container of the swarm joins. */
  static String network(String swarm) {
    return "manta-" + swarm;
  }

  /** The Docker network of a declared swarm network. */
  static String network(String swarm, String declared) {
    return "manta-" + swarm + "-net-" + declared;
  }

  /** An agent service's name. */
  static String agentService(String swarm, String module) {
    return "manta-" + swarm + "-agent-" + module;
  }

  /**
   * The conductor's name on the swarm network, as agents reach it: the service name, with
   * {@code _} (which Docker allows but a URL host does not) replaced by {@code -} in an alias.
   */
  static String conductorHost(String swarm) {
    return ClusterLayout.conductorService(swarm).replace('_', '-');
  }

  static String conductorUrl(String swarm) {
    return "http://" + conductorHost(swarm) + ":" + ClusterLayout.CONDUCTOR_PORT;
  }

  static Map<String, String> labels(String swarm, String role, String module) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(ClusterLayout.LABEL_SWARM, swarm);
    if (role != null) {
      labels.put(ClusterLayout.LABEL_ROLE, role);
    }
    if (module != null) {
      labels.put(ClusterLayout.LABEL_MODULE, module);
    }
    return labels;
  }

  /** {@link ClusterLayout#ENV_NODES}: the eligible nodes of any module, each with the modules it runs. */
  static String nodesJson(Map<String, Placement.ModulePlacement> placements) {
    Map<String, ClusterNode> nodes = new TreeMap<>();
    Map<String, Set<String>> modules = new TreeMap<>();
    placements.values().forEach(p -> p.eligible().forEach(n -> {
      nodes.put(n.hostname(), n);
      modules.computeIfAbsent(n.hostname(), k -> new LinkedHashSet<>()).add(p.module());
    }));
    ArrayNode array = Json.mapper().createArrayNode();
    nodes.forEach((hostname, n) -> {
      ObjectNode o = array.addObject();
      o.put("hostname", hostname);
      o.put("id", n.id());
      ArrayNode datasets = o.putArray("datasets");
      n.datasets().forEach(datasets::add);
      o.put("gpu", n.gpu());
      ObjectNode labels = o.putObject("labels");
      n.labels().forEach(labels::put);
      ArrayNode mods = o.putArray("modules");
      modules.get(hostname).forEach(mods::add);
    });
    return array.toString();
  }

  static ServiceSpec conductor(Deployment d, String image, String nodesJson, String managerNodeId, String secretId,
      String configId, int publishedPort) {
    String swarm = d.swarm();
    List<String> env = List.of(
        // The swarm class to run, by the manifest's name: a deployment may carry another name (Deployment.swarm).
        ClusterLayout.ENV_SWARM + "=" + d.manifest().swarm(),
        ClusterLayout.ENV_TOKEN_FILE + "=" + ClusterLayout.TOKEN_FILE,
        ClusterLayout.ENV_NODES + "=" + nodesJson,
        ClusterLayout.ENV_GLOBALS + "=" + d.globalsJson(),
        ClusterLayout.ENV_SEED + "=" + d.seed(),
        ClusterLayout.ENV_LEASE + "=" + d.lease(),
        ClusterLayout.ENV_AGENT_WAIT + "=" + d.agentWait());
    ContainerSpec container = new ContainerSpec()
        .withImage(image)
        .withLabels(labels(swarm, ClusterLayout.ROLE_CONDUCTOR, null))
        .withCommand(List.of("java", "-cp", IMAGE_CLASSPATH,
            ClusterLayout.CONDUCTOR_MAIN))
        .withEnv(env)
        .withMounts(List.of(new Mount().withType(MountType.VOLUME)
            .withSource(ClusterLayout.journalVolume(swarm))
            .withTarget(ClusterLayout.JOURNAL_DIR)
            // Labelled also when Docker creates it (a container started while the deployment is removed).
            .withVolumeOptions(new VolumeOptions().withLabels(labels(swarm, null, null)))))
        .withSecrets(List.of(tokenSecret(swarm, secretId)))
        .withConfigs(List.of(new ContainerSpecConfig()
            .withConfigName(ClusterLayout.manifestConfig(swarm)).withConfigID(configId)
            .withFile(new ContainerSpecFile().withName(ClusterLayout.MANIFEST_FILE).withUid("0").withGid("0")
                .withMode(READ_ONLY))));
    List<String> constraints = new ArrayList<>(List.of("node.role==manager"));
    if (managerNodeId != null) {
      constraints.add("node.id==" + managerNodeId); // its journal volume lives on this engine
    }
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ON_FAILURE)
            .withDelay(SECOND_NANOS))
        .withPlacement(new ServicePlacement().withConstraints(constraints))
        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network(swarm))
            .withAliases(List.of(conductorHost(swarm)))));
    return new ServiceSpec()
        .withName(ClusterLayout.conductorService(swarm))
        .withLabels(labels(swarm, ClusterLayout.ROLE_CONDUCTOR, null))
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)
            .withPorts(List.of(new PortConfig().withProtocol(PortConfigProtocol.TCP)
                .withTargetPort(ClusterLayout.CONDUCTOR_PORT).withPublishedPort(publishedPort)
                .withPublishMode(PortConfig.PublishMode.host))));
  }

  static ServiceSpec agent(Deployment d, Manifest.Module module, Placement.ModulePlacement placement,
      List<ClusterNode> allNodes, String nodesJson, String secretId) {
    String swarm = d.swarm();
    List<String> env = List.of(
        ClusterLayout.ENV_SWARM + "=" + d.manifest().swarm(),
        ClusterLayout.ENV_CONDUCTOR_URL + "=" + conductorUrl(swarm),
        ClusterLayout.ENV_TOKEN_FILE + "=" + ClusterLayout.TOKEN_FILE,
        ClusterLayout.ENV_NODE_HOSTNAME + "={{.Node.Hostname}}",
        ClusterLayout.ENV_NODES + "=" + nodesJson,
        ClusterLayout.ENV_LEASE + "=" + d.lease());
    List<Mount> mounts = new ArrayList<>();
    if (!module.datasets().isEmpty()) {
      mounts.add(new Mount().withType(MountType.BIND)
          .withSource(datasetsSource(d.datasetsRoot()))
          .withTarget(ClusterLayout.DATASETS_DIR)
          .withReadOnly(true));
    }
    ContainerSpec container = new ContainerSpec()
        .withImage(d.images().get(module.name()))
        .withLabels(labels(swarm, ClusterLayout.ROLE_AGENT, module.name()))
        .withEnv(env)
        .withMounts(mounts)
        .withSecrets(List.of(tokenSecret(swarm, secretId)));
    long nanoCpus = Math.round(module.resources().cpu() * SECOND_NANOS);
    long memory = MemoryQuantity.bytes(module.resources().memory()).orElse(0);
    ResourceSpecs limits = new ResourceSpecs().withNanoCPUs(nanoCpus);
    if (memory > 0) {
      limits.withMemoryBytes(memory);
    }
    ResourceRequirements resources = new ResourceRequirements().withLimits(limits);
    if (d.reserveResources()) {
      ResourceSpecs reservations = new ResourceSpecs().withNanoCPUs(nanoCpus);
      if (memory > 0) {
        reservations.withMemoryBytes(memory);
      }
      resources.withReservations(reservations);
    }
    List<NetworkAttachmentConfig> networks = new ArrayList<>();
    networks.add(new NetworkAttachmentConfig().withTarget(network(swarm)));
    Set<String> declared = new LinkedHashSet<>();
    d.manifest().tasks().stream().filter(t -> t.module().equals(module.name()) && !t.network().isEmpty())
        .forEach(t -> declared.add(t.network()));
    declared.forEach(n -> networks.add(new NetworkAttachmentConfig().withTarget(network(swarm, n))));
    TaskSpec task = new TaskSpec()
        .withContainerSpec(container)
        .withResources(resources)
        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ON_FAILURE)
            .withDelay(2 * SECOND_NANOS))
        .withPlacement(new ServicePlacement().withConstraints(placement.constraints(allNodes)))
        .withNetworks(networks);
    return new ServiceSpec()
        .withName(agentService(swarm, module.name()))
        .withLabels(labels(swarm, ClusterLayout.ROLE_AGENT, module.name()))
        .withTaskTemplate(task)
        .withMode(new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions()))
        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR));
  }

  /** {@code <root>/{{.Node.Hostname}}}: Docker fills in each node's hostname. */
  static String datasetsSource(String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return r + "/{{.Node.Hostname}}";
  }

  private static ContainerSpecSecret tokenSecret(String swarm, String secretId) {
    return new ContainerSpecSecret()
        .withSecretName(ClusterLayout.tokenSecret(swarm)).withSecretId(secretId)
        .withFile(new ContainerSpecFile().withName(ClusterLayout.TOKEN_FILE.substring("/run/secrets/".length()))
            .withUid("0").withGid("0").withMode(READ_ONLY));
  }
}
