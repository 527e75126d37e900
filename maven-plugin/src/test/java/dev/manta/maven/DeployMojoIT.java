package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.client.ClusterNode;
import dev.manta.client.DeployedSwarm;
import dev.manta.client.MantaClient;
import dev.manta.client.SwarmStatus;
import dev.manta.graph.Json;
import dev.manta.images.ImageBuilder;
import dev.manta.images.ImageTarget;
import dev.manta.images.JavaBaseImage;
import dev.manta.it.OfflineMaven;
import dev.manta.it.OfflineMaven.Build;
import dev.manta.it.TestCluster;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.manta.runtime.cluster.ClusterLayout;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Messages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manta:deploy}, {@code status}, {@code results} and {@code undeploy} with a real, offline
 * Maven (and {@code manta-client} from the test) on the real 3-node test cluster ({@code scripts/cluster up 3}): the federated-learning
 * sample and a placement check swarm run there as they run locally; skipped without the cluster,
 * failing under {@code CI=true}.
 */
@Tag("docker")
class DeployMojoIT {
  @TempDir
  static Path work;

  private static OfflineMaven maven;
  private static String base;
  private static Path datasets;
  private static Path localNodes;

  @BeforeEach
  void requireCluster() {
    TestCluster.require();
  }

  @BeforeAll
  static void prepare() throws Exception {
    if (!TestCluster.available()) {
      return; // each test then skips (or fails under CI=true) in requireCluster()
    }
    maven = OfflineMaven.create(work.resolve("maven"))
        .installModule("dsl", "manta-dsl", null)
        .installModule("processor", "manta-processor", null)
        .installModule("runtime", "manta-runtime", null)
        .installModule("images", "manta-images", null)
        .installModule("client", "manta-client", null)
        .installModule("maven-plugin", "manta-maven-plugin", Path.of(OfflineMaven.property("manta.plugin.jar")));
    base = ImageBuilder.builder().allowInsecureRegistries(true).build()
        .build(JavaBaseImage.ofRunningJdk(), ImageTarget.registry(TestCluster.REGISTRY + "/manta/java-base:"
            + Runtime.version().feature()))
        .digestReference();
  }

  /** A user project from {@code pomResource}, with the federated-learning sample's sources when {@code fl}. */
  private static Path project(String pomResource, String name, boolean fl) throws IOException {
    Path project = maven.copyProject(pomResource, work.resolve(name));
    if (fl) {
      Path sample = Path.of(OfflineMaven.property("manta.root")).resolve("samples/federated-learning/src/main");
      try (Stream<Path> files = Files.walk(sample)) {
        for (Path from : files.toList()) {
          Path to = project.resolve("src/main").resolve(sample.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to);
          }
        }
      }
    }
    return project;
  }

  /**
   * The digits split over two training nodes (the sample's own partitioner, seed 42), laid out twice:
   * for the cluster, {@code <root>/<hostname>/<dataset>} (node-2 and node-3 "digits", node-1
   * "digits-test", as scripts/cluster-nodes labels them); for manta:run, a folder per node id.
   */
  private static synchronized void datasets(Path compiledFl) throws Exception {
    if (datasets != null) {
      return;
    }
    Path parts = work.resolve("parts");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        compiledFl.resolve("target/classes").toString(), "dev.manta.samples.fl.DigitsPartitioner", parts.toString(),
        "2", "42").inheritIO().start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "partitioner finished");
    assertEquals(0, p.exitValue());
    Map<String, String> hostnames = new TreeMap<>();
    try (MantaClient client = MantaClient.fromEnvironment()) {
      for (ClusterNode n : client.nodes()) {
        hostnames.put(n.id(), n.hostname());
      }
    }
    Path root = work.resolve("datasets");
    Path local = work.resolve("local-nodes");
    Map<String, String[]> layout = Map.of(
        "node-1", new String[] {"test/digits-test.csv", "digits-test"},
        "node-2", new String[] {"node-1/digits.csv", "digits"},
        "node-3", new String[] {"node-2/digits.csv", "digits"});
    for (Map.Entry<String, String[]> e : layout.entrySet()) {
      Path from = parts.resolve(e.getValue()[0]);
      Path cluster = root.resolve(hostnames.get(e.getKey())).resolve(e.getValue()[1]);
      Files.createDirectories(cluster.getParent());
      Files.copy(from, cluster);
      Path node = local.resolve(e.getKey()).resolve(from.getFileName().toString());
      Files.createDirectories(node.getParent());
      Files.copy(from, node);
    }
    datasets = root;
    localNodes = local;
  }

  private static String[] deployArguments(String... more) {
    List<String> args = new ArrayList<>(List.of("manta:deploy", "-Dmanta.registry=" + TestCluster.REGISTRY,
        "-Dmanta.allowInsecureRegistries=true", "-Dmanta.baseImage=" + base, "-Dmanta.datasetsRoot=" + datasets,
        "-Dmanta.follow=true", "-Dmanta.followTimeout=4m"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static JsonNode json(Path file) throws IOException {
    return Json.mapper().readTree(file.toFile());
  }

  /** Removes what an earlier, interrupted run of this test may have left of {@code swarm}. */
  private static void removeLeftovers(String swarm) {
    try (MantaClient client = MantaClient.fromEnvironment()) {
      if (!TestCluster.objectsOf(swarm).isEmpty()) {
        client.swarm(swarm).undeploy(true);
      }
    }
    assertEquals(List.of(), TestCluster.objectsOf(swarm), "nothing of the swarm before");
  }

  /** alias → the nodes its instances of {@code iteration} ran on, from instances.json. */
  private static Map<String, TreeSet<String>> nodesByAlias(Path instances, int iteration) throws IOException {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    for (JsonNode i : json(instances)) {
      if (i.path("iteration").asInt() == iteration) {
        out.computeIfAbsent(i.path("alias").asText(), k -> new TreeSet<>()).add(i.path("node").asText());
      }
    }
    return out;
  }

  @Test
  void theFederatedLearningSampleDeployedWithFollowLearnsAsItDoesLocally() throws Exception {
    Path project = project("/fl-project/pom.xml", "fl-deploy", true);
    Build compile = maven.run(project, "compile");
    assertEquals(0, compile.exitCode(), compile.output());
    datasets(project);
    String swarm = "fl_experiment";
    removeLeftovers(swarm);
    try {
      Build deploy = maven.run(project, deployArguments());
      assertEquals(0, deploy.exitCode(), deploy.output());
      assertTrue(deploy.output().contains("swarm '" + swarm + "' completed"), deploy.output());
      Path cluster = project.resolve("target/manta/" + swarm);

      Build local = maven.run(project, "manta:run", "-Dmanta.nodesDirectory=" + localNodes,
          "-Dmanta.outputDirectory=" + project.resolve("target/local"));
      assertEquals(0, local.exitCode(), local.output());
      Path here = project.resolve("target/local/" + swarm);
      JsonNode history = json(cluster.resolve("globals.json")).path("history");
      assertTrue(history.size() >= 1, history.toString());
      assertEquals(json(here.resolve("globals.json")).path("history"), history, "per-round accuracies");
      assertEquals(json(here.resolve("globals.json")), json(cluster.resolve("globals.json")));
      assertEquals(json(here.resolve("results.json")), json(cluster.resolve("results.json")));
      // The trainers need dataset "digits": node-1 (labelled digits-test only) never trained.
      assertEquals(new TreeSet<>(List.of("node-2", "node-3")), nodesByAlias(cluster.resolve("instances.json"), 1)
          .get("trainers"));

      Build status = maven.run(project, "manta:status");
      assertEquals(0, status.exitCode(), status.output());
      assertTrue(status.output().contains("swarm '" + swarm + "': COMPLETED"), status.output());
      Build results = maven.run(project, "manta:results", "-Dmanta.outputDirectory=" + project.resolve("target/again"));
      assertEquals(0, results.exitCode(), results.output());
      Path again = project.resolve("target/again/" + swarm);
      List<String> runFiles = new ArrayList<>();
      try (Stream<Path> files = Files.list(here)) {
        // manta:run also leaves its journal's lock file, which is no output.
        files.map(f -> f.getFileName().toString()).filter(f -> !f.endsWith(".lock")).sorted().forEach(runFiles::add);
      }
      List<String> resultFiles = new ArrayList<>();
      try (Stream<Path> files = Files.list(again)) {
        files.map(f -> f.getFileName().toString()).sorted().forEach(resultFiles::add);
      }
      assertEquals(runFiles, resultFiles, "manta:results writes the files manta:run writes");
      assertEquals(json(cluster.resolve("results.json")), json(again.resolve("results.json")));
    } finally {
      Build undeploy = maven.run(project, "manta:undeploy", "-Dmanta.swarm=" + swarm, "-Dmanta.purge=true");
      assertEquals(0, undeploy.exitCode(), undeploy.output());
    }
    assertEquals(List.of(), TestCluster.objectsOf(swarm), "undeploy leaves no object of the swarm");
  }

  @Test
  void placementTokensAndAKilledConductor() throws Exception {
    Path fl = project("/fl-project/pom.xml", "fl-for-data", true);
    assertEquals(0, maven.run(fl, "compile").exitCode());
    datasets(fl);
    Path project = project("/cluster-project/pom.xml", "cluster-check", false);
    Build compile = maven.run(project, "compile");
    assertEquals(0, compile.exitCode(), compile.output());
    String swarm = "cluster_check";
    removeLeftovers(swarm);
    String globals = "-Dmanta.globals=rounds=4,pause_ms=1500";
    Path log = work.resolve("cluster-check-deploy.log");
    Process deploy = maven.start(project, log, deployArguments(globals));
    try (MantaClient client = MantaClient.fromEnvironment()) {
      SwarmStatus running = awaitIteration(client, swarm, 2, Duration.ofMinutes(3));

      // No token, or a wrong one: 401, and the run goes on unchanged.
      URI status = client.swarm(swarm).conductorUri().resolve(ClusterLayout.STATUS_PATH);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> none = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, none.statusCode(), none.body());
      HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10))
          .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + "0".repeat(64)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode(), wrong.body());
      URI register = client.swarm(swarm).conductorUri().resolve(ClusterLayout.AGENT_PATH + "register");
      HttpResponse<String> forged = http.send(HttpRequest.newBuilder(register).timeout(Duration.ofSeconds(10))
          .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + "0".repeat(64))
          .POST(HttpRequest.BodyPublishers.ofString("{\"node\": \"node-9\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, forged.statusCode(), forged.body());
      SwarmStatus after = client.swarm(swarm).status();
      assertEquals(running.agents(), after.agents(), "a refused request registers no agent");
      assertFalse(after.run().equals("FAILED"), after.describe());

      // With the real token, an agent of node-2 (registered for a module it does not run) writes under
      // node-1's instance: refused, and the results below still equal the local run's. The conductor
      // is killed well within the lease, so this session's silence never makes node-2 lost.
      String token = Files.readString(client.tokenFile(swarm)).strip();
      URI agent = client.swarm(swarm).conductorUri().resolve(ClusterLayout.AGENT_PATH);
      HttpResponse<String> registered = http.send(HttpRequest.newBuilder(agent.resolve("register"))
          .timeout(Duration.ofSeconds(10)).header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + token)
          .POST(HttpRequest.BodyPublishers.ofString("{\"node\": \"node-2\", \"module\": \"com.example.Rogue\", "
              + "\"hostname\": \"mnode2\", \"datasets\": [], \"gpu\": false}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, registered.statusCode(), registered.body());
      String session = Json.mapper().readTree(registered.body()).path("session").asText();
      String instance = running.iteration() + "/everywhere/node-1";
      for (AgentMessage m : List.<AgentMessage>of(
          new AgentMessage.AddResult(instance, 1, "node", TextNode.valueOf("forged")),
          new AgentMessage.WriteGlobal(instance, 1, "count", IntNode.valueOf(666)))) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(agent.resolve("message"))
            .timeout(Duration.ofSeconds(10)).header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + token)
            .header(ClusterLayout.SESSION_HEADER, session)
            .POST(HttpRequest.BodyPublishers.ofString(Messages.toJson(m))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("cannot speak for instance " + instance), r.body());
      }

      // Kill the conductor's container mid-run: Swarm restarts it and it resumes from its journal.
      TestCluster.Result ids = TestCluster.docker("ps", "-q", "--filter",
          "label=com.docker.swarm.service.name=" + ClusterLayout.conductorService(swarm));
      String container = ids.output().strip().lines().findFirst().orElseThrow(() -> new AssertionError(
          "no conductor container: " + ids.output()));
      assertEquals(0, TestCluster.docker("kill", container).exitCode());

      assertTrue(deploy.waitFor(5, TimeUnit.MINUTES), "deploy with follow ended");
      String output = Files.readString(log);
      System.out.println(output);
      assertEquals(0, deploy.exitValue(), output);
      DeployedSwarm deployed = client.swarm(swarm);
      assertEquals("COMPLETED", deployed.status().run());
      Path cluster = project.resolve("target/manta/" + swarm);

      Map<String, TreeSet<String>> first = nodesByAlias(cluster.resolve("instances.json"), 1);
      assertEquals(new TreeSet<>(List.of("node-1", "node-2", "node-3")), first.get("everywhere"), "ALL: every node");
      assertEquals(new TreeSet<>(List.of("node-3")), first.get("pinned"), "specifiedIds: only there");
      assertEquals(new TreeSet<>(List.of("node-2", "node-3")), first.get("reader"), "dataset label: only there");

      Build local = maven.run(project, "manta:run", globals, "-Dmanta.nodesDirectory=" + localNodes,
          "-Dmanta.outputDirectory=" + project.resolve("target/local"));
      assertEquals(0, local.exitCode(), local.output());
      Path here = project.resolve("target/local/" + swarm);
      assertEquals(4, json(cluster.resolve("globals.json")).path("count").asInt());
      assertEquals(json(here.resolve("globals.json")), json(cluster.resolve("globals.json")));
      assertEquals(json(here.resolve("results.json")), json(cluster.resolve("results.json")));
    } finally {
      if (deploy.isAlive()) {
        deploy.destroyForcibly();
      }
      Build undeploy = maven.run(project, "manta:undeploy", "-Dmanta.swarm=" + swarm, "-Dmanta.purge=true");
      assertEquals(0, undeploy.exitCode(), undeploy.output());
    }
    assertEquals(List.of(), TestCluster.objectsOf(swarm), "undeploy leaves no object of the swarm");
  }

  /** Polls the swarm's status (bounded) until its run is RUNNING in iteration {@code n} or later. */
  private static SwarmStatus awaitIteration(MantaClient client, String swarm, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not deployed yet";
    while (System.nanoTime() < deadline) {
      if (client.swarms().contains(swarm)) {
        try {
          SwarmStatus s = client.swarm(swarm).status();
          last = s.describe();
          if (s.run().equals("RUNNING") && s.iteration() >= n) {
            return s;
          }
          assertFalse(s.ended(), "the run ended before iteration " + n + ": " + last);
        } catch (dev.manta.client.MantaClientException e) {
          last = e.getMessage();
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("swarm '" + swarm + "' did not reach iteration " + n + ": " + last);
  }

  @Test
  void deployRefusesTheLocalEngineAsTarget() throws Exception {
    Path project = project("/cluster-project/pom.xml", "cluster-docker-target", false);
    Build deploy = maven.run(project, "manta:deploy", "-Dmanta.target=docker");
    assertEquals(1, deploy.exitCode(), deploy.output());
    assertTrue(deploy.output().contains("manta:deploy cannot use -Dmanta.target=docker"), deploy.output());
  }
}
