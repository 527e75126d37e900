package dev.manta.runtime.cluster;

import dev.manta.TaskBody;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.testing.AgentTransportContract;
import dev.manta.runtime.transport.AgentTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The HTTP transport passes the transport contract, with real cluster agents talking HTTP on loopback. */
class HttpTransportContractTest extends AgentTransportContract {
  @Override
  protected AgentTransport transport(List<NodeSpec> nodes, Supplier<TaskBody> task, Duration lease) {
    return new LoopbackCluster(nodes, List.of(Probe.class.getName()),
        new TaskFactories(Map.of(Probe.class.getName(), task), getClass().getClassLoader()), lease);
  }

  @Override
  protected void kill(AgentTransport transport, String node) {
    ((LoopbackCluster) transport).kill(node);
  }
}
