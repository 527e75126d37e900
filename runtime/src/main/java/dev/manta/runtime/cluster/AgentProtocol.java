package dev.manta.runtime.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.manta.runtime.transport.Assignment;
import java.util.List;

/**
 * The bodies of the agent endpoints besides {@code message} (whose body is an
 * {@link dev.manta.runtime.transport.AgentMessage} and whose answer a
 * {@link dev.manta.runtime.transport.Reply}). All JSON through the runtime's one mapper.
 */
final class AgentProtocol {
  private AgentProtocol() {}

  /**
   * POST register: who the agent is. {@code module} is the binary name of the task class it runs;
   * {@code agent} a random id of the agent process, the same in every registration it sends, so that
   * the conductor can tell the same agent registering again (its earlier answer was lost) from a
   * second agent claiming the node ({@code null} from a client that does not send it).
   */
  record Registration(String node, String module, String hostname, List<String> datasets, boolean gpu,
      String agent) {
    Registration {
      datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    Registration(String node, String module, String hostname, List<String> datasets, boolean gpu) {
      this(node, module, hostname, datasets, gpu, null);
    }
  }

  /** The answer to register: the session to name in every later request, and the lease to renew. */
  record Registered(String session, long leaseMillis, boolean ended) {}

  /** POST poll: every item up to {@code ack} has been received; wait up to {@code waitMillis} for more. */
  record Poll(long ack, long waitMillis) {}

  /** One thing for the agent: an offer to run, or a cancel of the attempt with that token. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Item(long seq, Assignment offer, Long cancel) {}

  /** The answer to poll (and, without items, to heartbeat): what is new, and whether the run has ended. */
  record Items(List<Item> items, boolean ended) {
    Items {
      items = items == null ? List.of() : List.copyOf(items);
    }
  }

  /** POST log: a line of the agent process itself (task log lines travel as messages). */
  record LogLine(String level, String text) {}
}
