package dev.manta.runtime.local;

import dev.manta.TaskBody;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.testing.AgentTransportContract;
import dev.manta.runtime.transport.AgentTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The in-process transport passes the transport contract, with every message through JSON. */
class LocalTransportContractTest extends AgentTransportContract {
  @Override
  protected AgentTransport transport(List<NodeSpec> nodes, Supplier<TaskBody> task, Duration lease) {
    return new LocalTransport(nodes, new TaskFactories(Map.of(Probe.class.getName(), task),
        getClass().getClassLoader()), 8, true, Faults.none(), lease);
  }

  @Override
  protected void kill(AgentTransport transport, String node) {
    ((LocalTransport) transport).kill(node);
  }
}
