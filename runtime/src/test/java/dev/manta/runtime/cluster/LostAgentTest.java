package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.TaskBody;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conductor process (in this JVM) loses node-3's agents mid-iteration: their leases run out,
 * node-3's instance ends LOST, the ALL task goes on with the others, and the status names the node
 * and the lost instance.
 */
class LostAgentTest {
  @TempDir
  Path dir;
  private final List<ClusterAgent> agents = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    ClusterDemo.gate = null;
    agents.forEach(ClusterAgent::die);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
  }

  @Test
  void aNodeWhoseAgentsDieIsLostItsInstanceEndsLostAndTheRunGoesOn() throws Exception {
    Files.writeString(dir.resolve("token"), LoopbackCluster.TOKEN);
    Map<String, String> env = new HashMap<>();
    env.put(ClusterLayout.ENV_SWARM, "cluster_demo");
    env.put(ClusterLayout.ENV_TOKEN_FILE, dir.resolve("token").toString());
    env.put(ClusterLayout.ENV_NODES, "[{\"hostname\": \"h1\", \"id\": \"node-1\"}, {\"hostname\": \"h2\", \"id\":"
        + " \"node-2\"}, {\"hostname\": \"h3\", \"id\": \"node-3\"}]");
    env.put(ClusterLayout.ENV_LEASE, "PT1S");
    env.put(ClusterLayout.ENV_AGENT_WAIT, "PT60S");
    env.put(ClusterLayout.ENV_JOURNAL_DIR, dir.resolve("journal").toString());
    env.put(ClusterLayout.ENV_MANIFEST_FILE, dir.resolve("none").toString());
    env.put(ClusterLayout.ENV_PORT, "0");
    ClusterDemo.gate = new CountDownLatch(1); // node-3's mapper waits in iteration 2 until its agents die
    try (ConductorProcess conductor = new ConductorProcess(env)) {
      URI url = URI.create("http://127.0.0.1:" + conductor.port() + "/");
      for (int n = 1; n <= 3; n++) {
        for (Class<? extends TaskBody> module : List.of(ClusterDemo.Mapper.class, ClusterDemo.Reducer.class)) {
          ClusterAgent agent = new ClusterAgent(new ClusterAgent.Config(url, LoopbackCluster.TOKEN,
              NodeSpec.of("node-" + n), "h" + n, module.getName(), Duration.ofSeconds(20)),
              new TaskFactories(Map.of(), getClass().getClassLoader()));
          agents.add(agent);
          Thread t = new Thread(agent::run, "agent node-" + n + " " + module.getSimpleName());
          t.setDaemon(true);
          t.start();
          threads.add(t);
        }
      }
      Thread killer = new Thread(() -> {
        ConductorClient client = new ConductorClient(url, LoopbackCluster.TOKEN);
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end) {
          ClusterStatus s = client.status();
          if (s.iteration() == 2 && "SUCCEEDED".equals(s.tasks().getOrDefault("mapper", Map.of()).get("node-2"))) {
            break;
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
        agents.stream().filter(a -> a.nodeId().equals("node-3")).forEach(ClusterAgent::die);
      });
      killer.setDaemon(true);
      killer.start();
      conductor.prepare(); // agents may already have registered
      conductor.awaitAgents();
      RunReport report = conductor.run().requireCompleted();
      ClusterDemo.gate.countDown();

      assertEquals(InstanceState.LOST, report.instances("mapper", 2).stream().filter(i -> i.node().equals("node-3"))
          .findFirst().orElseThrow().state(), report.summary());
      assertEquals(java.util.Set.of("mapper/node-1", "mapper/node-2"), report.results(2, "part").keySet());
      assertEquals(java.util.Set.of("mapper/node-1", "mapper/node-2"), report.results(3, "part").keySet());
      ClusterStatus status = new ConductorClient(url, LoopbackCluster.TOKEN).status();
      assertEquals("COMPLETED", status.status());
      assertEquals(List.of("node-3"), status.lostNodes());
      assertEquals(1, status.failures().size(), status.failures().toString());
      assertTrue(status.failures().get(0).matches("instance 2/mapper/node-3 LOST: node 'node-3' was lost: its"
          + " agent's lease \\(1000 ms\\) ran out without a heartbeat \\(the last from host \\S+ came \\d+ ms before\\).*"),
          status.failures().get(0));
    }
  }
}
