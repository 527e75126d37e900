package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.TaskBody;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.runtime.SwarmCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the agent and the conductor process react to their configuration, and an agent to a conductor that never answers. */
class AgentAndConductorSetupTest {
  @TempDir
  Path dir;

  private Map<String, String> agentEnv() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "t0k3n\n");
    Map<String, String> env = new HashMap<>();
    env.put(ClusterLayout.ENV_CONDUCTOR_URL, "http://127.0.0.1:1");
    env.put(ClusterLayout.ENV_TOKEN_FILE, token.toString());
    env.put(ClusterLayout.ENV_NODE_HOSTNAME, "host-1");
    env.put(ClusterLayout.ENV_NODES, "[{\"hostname\": \"host-1\", \"id\": \"node-1\", \"datasets\": [\"digits\"]}]");
    return env;
  }

  /** Runs {@code code} with standard error captured; returns the exit code and what it printed. */
  private static String[] captured(IntSupplier code) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true));
    int exit;
    try {
      exit = code.getAsInt();
    } finally {
      System.setErr(err);
    }
    return new String[] {String.valueOf(exit), out.toString()};
  }

  private static int agent(Map<String, String> env) {
    return ClusterAgentEntryPoint.run("com.acme.Trainer", () -> (TaskBody) ctx -> { }, env);
  }

  @Test
  void anAgentWithABadSettingExits2AndSaysWhatToSet() throws Exception {
    Map<String, String> env = agentEnv();
    env.put(ClusterLayout.ENV_NODE_HOSTNAME, "host-9");
    String[] r = captured(() -> agent(env));
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("MANTA_NODES has no node with hostname 'host-9' (it lists [host-1])"), r[1]);

    Map<String, String> noToken = agentEnv();
    noToken.put(ClusterLayout.ENV_TOKEN_FILE, dir.resolve("missing").toString());
    r = captured(() -> agent(noToken));
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("cannot read the token file " + dir.resolve("missing")), r[1]);

    Map<String, String> badUrl = agentEnv();
    badUrl.put(ClusterLayout.ENV_CONDUCTOR_URL, "ftp://conductor");
    r = captured(() -> agent(badUrl));
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("MANTA_CONDUCTOR_URL is 'ftp://conductor'; it must be an http:// URL"), r[1]);

    Map<String, String> badWait = agentEnv();
    badWait.put(ClusterLayout.ENV_AGENT_WAIT, "5 minutes");
    r = captured(() -> agent(badWait));
    assertEquals("2", r[0]);
    assertTrue(r[1].contains("MANTA_AGENT_WAIT is '5 minutes', not an ISO-8601 duration"), r[1]);
  }

  @Test
  void anAgentWhoseConductorNeverAnswersGivesUpWithExit1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Map<String, String> env = agentEnv();
    env.put(ClusterLayout.ENV_CONDUCTOR_URL, "http://127.0.0.1:" + port);
    env.put(ClusterLayout.ENV_AGENT_WAIT, "PT1S");
    String[] r = captured(() -> agent(env));
    assertEquals("1", r[0]);
    assertTrue(r[1].contains("conductor not reachable at http://127.0.0.1:" + port + "/ for 1 s"), r[1]);
  }

  @Test
  void theConductorRefusesAManifestThatIsNotTheGraphOnItsClassPath() throws Exception {
    Path manifest = dir.resolve("manifest.json");
    Files.write(manifest, ManifestCodec.write(Manifest.of(SwarmCatalog.load().graph("definition_demo"))));
    Map<String, String> env = agentEnv();
    env.put(ClusterLayout.ENV_SWARM, "cluster_demo");
    env.put(ClusterLayout.ENV_MANIFEST_FILE, manifest.toString());
    env.put(ClusterLayout.ENV_PORT, "0");
    try (ConductorProcess p = new ConductorProcess(env)) { // it listens before it builds the run
      assertTrue(p.port() > 0);
      IllegalStateException e = assertThrows(IllegalStateException.class, p::prepare);
      assertTrue(e.getMessage().startsWith("the manifest deployed at " + manifest + " (swarm 'definition_demo') is not"
          + " the graph of swarm 'cluster_demo' in this image's class path"), e.getMessage());
    }

    // The same graph passes.
    Files.write(manifest, ManifestCodec.write(Manifest.of(SwarmCatalog.load().graph("cluster_demo"))));
    try (ConductorProcess p = new ConductorProcess(env)) {
      assertTrue(p.port() > 0);
      p.prepare();
    }
  }

  @Test
  void theConductorWithoutItsSwarmNameSaysWhatToSet() throws Exception {
    Map<String, String> env = agentEnv();
    ClusterEnv.ConfigException e = assertThrows(ClusterEnv.ConfigException.class, () -> new ConductorProcess(env));
    assertTrue(e.getMessage().startsWith("MANTA_SWARM is not set; set it to the swarm's name"), e.getMessage());
    env.put(ClusterLayout.ENV_SWARM, "cluster_demo");
    env.put(ClusterLayout.ENV_GLOBALS, "[1, 2]");
    e = assertThrows(ClusterEnv.ConfigException.class, () -> new ConductorProcess(env));
    assertTrue(e.getMessage().startsWith("MANTA_GLOBALS must be a JSON object of name → value"), e.getMessage());
  }
}
