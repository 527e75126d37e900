package dev.manta.runtime.cluster;

import dev.manta.TaskBody;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.spi.AgentEntryPoint;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runtime's {@link AgentEntryPoint}, which every module image reaches through
 * {@link dev.manta.spi.Launchers}: runs a {@link ClusterAgent} for the module, configured by the
 * container's environment ({@link ClusterLayout}). Exit codes: 0
 * the run ended, 1 a fatal error, 2 a missing or malformed setting (the message says what to set).
 */
public final class ClusterAgentEntryPoint implements AgentEntryPoint {
  @Override
  public int run(String moduleClass, String[] args, Supplier<? extends TaskBody> factory) {
    resolveNamesAfresh();
    return run(moduleClass, factory, System.getenv());
  }

  /**
   * The conductor is reached by its service name, which Docker resolves to the container's address
   * (endpoint mode DNSRR); a restarted conductor gets another address. The JVM would keep the old
   * one for 30 s (its default cache time), and the agents would try a container that is gone
   * (connections that time out instead of being refused) for that long before they register with
   * the new one. Names are looked up again after a second, unless the image sets the cache times
   * itself. Must run before the first name lookup of the process.
   */
  static void resolveNamesAfresh() {
    if (java.security.Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      java.security.Security.setProperty("networkaddress.cache.ttl", "1");
    }
    if (java.security.Security.getProperty("networkaddress.cache.negative.ttl") == null
        || "10".equals(java.security.Security.getProperty("networkaddress.cache.negative.ttl"))) {
      java.security.Security.setProperty("networkaddress.cache.negative.ttl", "1");
    }
  }

  static int run(String moduleClass, Supplier<? extends TaskBody> factory, Map<String, String> environment) {
    ClusterAgent.Config config;
    try {
      ClusterEnv env = new ClusterEnv(environment);
      java.net.URI url = env.conductorUrl();
      String token = env.token();
      ClusterEnv.Node node = env.ownNode(env.datasetsDir());
      config = new ClusterAgent.Config(url, token, node.spec(), node.hostname(), moduleClass,
          env.duration(ClusterLayout.ENV_AGENT_WAIT, ClusterLayout.DEFAULT_AGENT_WAIT));
    } catch (ClusterEnv.ConfigException e) {
      System.err.println("[Manta] cannot start the agent of module " + moduleClass + ": " + e.getMessage());
      return 2;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    TaskFactories factories = new TaskFactories(Map.of(moduleClass, factory),
        loader != null ? loader : ClusterAgentEntryPoint.class.getClassLoader());
    return new ClusterAgent(config, factories).run();
  }
}
