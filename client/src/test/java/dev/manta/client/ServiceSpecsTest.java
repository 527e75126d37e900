package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceSpec;
import dev.manta.graph.Json;
import dev.manta.images.ModuleImage;
import dev.manta.manifest.Manifest;
import dev.manta.runtime.cluster.ClusterLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSpecsTest {
  private static final String IMAGE = "10.77.0.1:5000/x/worker@sha256:" + "a".repeat(64);
  private final Manifest manifest = TestManifests.single("fl_experiment", "\"digits\"");
  private final Deployment deployment = Deployment.builder(manifest).image("worker", IMAGE).datasetsRoot("/data/")
      .global("rounds", 3).seed(7).conductorPort(7171).build();
  private final Map<String, Placement.ModulePlacement> placements = Placement.of(manifest, PlacementTest.NODES);

  private static Map<String, String> env(ServiceSpec spec) {
    return spec.getTaskTemplate().getContainerSpec().getEnv().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1)));
  }

  @Test
  void theConductorClassPathIsTheImagesOne() {
    assertEquals(ModuleImage.CLASSES + ":" + ModuleImage.LIBS + "/*", ServiceSpecs.IMAGE_CLASSPATH);
  }

  @Test
  void aDeploymentUnderAnotherNameStillRunsTheManifestsSwarm() {
    Deployment renamed = Deployment.builder(manifest).swarm("copy2").image("worker", IMAGE).datasetsRoot("/data/")
        .build();
    ServiceSpec conductor = ServiceSpecs.conductor(renamed, IMAGE, ServiceSpecs.nodesJson(placements), "d1", "sec1",
        "cfg1", 7171);
    assertEquals("manta-copy2-conductor", conductor.getName());
    // The conductor looks the swarm up on its class path by this name; 'copy2' is unknown there.
    assertEquals("fl_experiment", env(conductor).get(ClusterLayout.ENV_SWARM));
  }

  @Test
  void conductor() throws Exception {
    ServiceSpec spec = ServiceSpecs.conductor(deployment, IMAGE, ServiceSpecs.nodesJson(placements), "d1", "sec1", "cfg1", 7171);
    assertEquals("manta-fl_experiment-conductor", spec.getName());
    assertEquals(Map.of("manta.swarm", "fl_experiment", "manta.role", "conductor"), spec.getLabels());
    assertEquals(1, spec.getMode().getReplicated().getReplicas());
    assertEquals(List.of("java", "-cp", "/app/classes:/app/libs/*", ClusterLayout.CONDUCTOR_MAIN),
        spec.getTaskTemplate().getContainerSpec().getCommand());
    assertEquals(List.of("node.role==manager", "node.id==d1"), spec.getTaskTemplate().getPlacement().getConstraints());
    assertEquals(ServiceRestartCondition.ON_FAILURE, spec.getTaskTemplate().getRestartPolicy().getCondition());
    assertEquals(EndpointResolutionMode.DNSRR, spec.getEndpointSpec().getMode());
    PortConfig port = spec.getEndpointSpec().getPorts().get(0);
    assertEquals(List.of(7070, 7171, PortConfig.PublishMode.host),
        List.of(port.getTargetPort(), port.getPublishedPort(), port.getPublishMode()));
    Mount journal = spec.getTaskTemplate().getContainerSpec().getMounts().get(0);
    assertEquals(List.of(MountType.VOLUME, "manta-fl_experiment-journal", ClusterLayout.JOURNAL_DIR),
        List.of(journal.getType(), journal.getSource(), journal.getTarget()));
    assertEquals("manta-fl_experiment-token",
        spec.getTaskTemplate().getContainerSpec().getSecrets().get(0).getSecretName());
    assertEquals("/run/secrets/" + spec.getTaskTemplate().getContainerSpec().getSecrets().get(0).getFile().getName(),
        ClusterLayout.TOKEN_FILE);
    assertEquals(ClusterLayout.MANIFEST_FILE,
        spec.getTaskTemplate().getContainerSpec().getConfigs().get(0).getFile().getName());
    Map<String, String> env = env(spec);
    assertEquals("{\"rounds\":3}", env.get(ClusterLayout.ENV_GLOBALS));
    assertEquals("7", env.get(ClusterLayout.ENV_SEED));
    assertEquals("PT10S", env.get(ClusterLayout.ENV_LEASE));
    // The alias agents use has no underscore: a URL's host may not contain one.
    assertEquals(List.of("manta-fl-experiment-conductor"),
        spec.getTaskTemplate().getNetworks().get(0).getAliases());
  }

  @Test
  void agent() throws Exception {
    Manifest.Module module = manifest.modules().get(0);
    ServiceSpec spec = ServiceSpecs.agent(deployment, module, placements.get("worker"), PlacementTest.NODES,
        ServiceSpecs.nodesJson(placements), "sec1");
    assertEquals("manta-fl_experiment-agent-worker", spec.getName());
    assertTrue(spec.getMode().getGlobal() != null, "global mode");
    assertEquals(List.of("node.id!=d1"), spec.getTaskTemplate().getPlacement().getConstraints());
    assertEquals(IMAGE, spec.getTaskTemplate().getContainerSpec().getImage());
    Mount data = spec.getTaskTemplate().getContainerSpec().getMounts().get(0);
    assertEquals(List.of(MountType.BIND, "/data/{{.Node.Hostname}}", ClusterLayout.DATASETS_DIR, true),
        List.of(data.getType(), data.getSource(), data.getTarget(), data.getReadOnly()));
    assertEquals(500_000_000L, spec.getTaskTemplate().getResources().getLimits().getNanoCPUs());
    assertEquals(256L << 20, spec.getTaskTemplate().getResources().getLimits().getMemoryBytes());
    assertEquals(null, spec.getTaskTemplate().getResources().getReservations());
    Map<String, String> env = env(spec);
    assertEquals("http://manta-fl-experiment-conductor:7070", env.get(ClusterLayout.ENV_CONDUCTOR_URL));
    assertEquals("{{.Node.Hostname}}", env.get(ClusterLayout.ENV_NODE_HOSTNAME));
    JsonNode nodes = Json.mapper().readTree(env.get(ClusterLayout.ENV_NODES));
    assertEquals(2, nodes.size());
    assertEquals("mnode2", nodes.get(0).path("hostname").asText());
    assertEquals("node-2", nodes.get(0).path("id").asText());
    assertEquals("digits", nodes.get(0).path("datasets").get(0).asText());
    assertEquals("worker", nodes.get(0).path("modules").get(0).asText());
    assertEquals("true", nodes.get(1).path("gpu").asText());
  }

  @Test
  void reservationsOnlyWhenAsked() {
    Deployment reserving = Deployment.builder(manifest).image("worker", IMAGE).datasetsRoot("/d")
        .reserveResources(true).build();
    ServiceSpec spec = ServiceSpecs.agent(reserving, manifest.modules().get(0), placements.get("worker"),
        PlacementTest.NODES, "[]", "sec1");
    assertEquals(500_000_000L, spec.getTaskTemplate().getResources().getReservations().getNanoCPUs());
  }

  @Test
  void declaredNetworksAreJoinedByTheAgentsOfTheirTasks() {
    Manifest m = TestManifests.manifest("net", TestManifests.module("worker", "", false),
        TestManifests.task("work", "worker", "", "", "backend", false), "{\"name\": \"backend\", \"driver\": \"OVERLAY\"}",
        "\"work\"");
    Deployment d = Deployment.builder(m).image("worker", IMAGE).build();
    ServiceSpec spec = ServiceSpecs.agent(d, m.modules().get(0), Placement.of(m, PlacementTest.NODES).get("worker"),
        PlacementTest.NODES, "[]", "sec1");
    assertEquals(List.of("manta-net", "manta-net-net-backend"),
        spec.getTaskTemplate().getNetworks().stream().map(n -> n.getTarget()).toList());
    assertEquals(List.of(), spec.getTaskTemplate().getContainerSpec().getMounts());
  }
}
