package dev.manta.client;

import dev.manta.runtime.cluster.ClusterLayout;
import dev.manta.runtime.cluster.ConductorClient;
import dev.manta.runtime.cluster.ConductorClient.ConductorException;
import dev.manta.runtime.cluster.LogPage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The conductor's user endpoints ({@link ClusterLayout#STATUS_PATH}, {@link ClusterLayout#FILES_PATH},
 * {@link ClusterLayout#LOGS_PATH}) for one deployed swarm: the runtime's {@link ConductorClient}
 * (token, bounded timeouts), with its failures turned into {@link MantaClientException}s that name
 * the swarm and say what to do.
 */
final class ConductorHttp {
  private final String swarm;
  private final ConductorClient client;

  ConductorHttp(URI base, String token, String swarm) {
    this.swarm = swarm;
    this.client = new ConductorClient(base, token);
  }

  /** A page of log lines. */
  record Page(List<LogLine> lines, long next, boolean ended) {}

  /** The run's status as the conductor's JSON. */
  String status() {
    return call(client::statusJson);
  }

  /** A file's bytes, or {@code null} when the conductor has none of that name yet (404). */
  byte[] file(String name) {
    try {
      return client.file(name);
    } catch (ConductorException e) {
      if (e.status() == 404) {
        return null;
      }
      throw translate(e);
    }
  }

  /** The log lines after sequence number {@code after}, waiting up to {@code wait} for one. */
  Page logs(long after, Duration wait) {
    LogPage page = call(() -> client.logs(after, wait));
    return new Page(page.lines().stream().map(l -> new LogLine(l.seq(), l.text())).toList(), page.next(),
        page.ended());
  }

  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (ConductorException e) {
      throw translate(e);
    }
  }

  private MantaClientException translate(ConductorException e) {
    if (e.getCause() instanceof InterruptedException) {
      return new MantaClientException(MantaClientException.Reason.TIMED_OUT, "swarm '" + swarm + "': "
          + e.getMessage(), e);
    }
    if (e.status() == 401) {
      return new MantaClientException(MantaClientException.Reason.UNAUTHORIZED, "the conductor of swarm '" + swarm
          + "' refused the token (401): the token file belongs to another deployment of this name; use the one the "
          + "deploy wrote", e);
    }
    String hint = e.status() == 0 ? "; it may be starting or restarting, or its port is not reachable from here" : "";
    return new MantaClientException(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, "swarm '" + swarm + "': "
        + e.getMessage() + hint, e);
  }
}
