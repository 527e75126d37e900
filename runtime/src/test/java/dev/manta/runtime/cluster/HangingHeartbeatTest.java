package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat whose connection hangs (its packets dropped, no reset: as on an overlay network that
 * reconverges after another node's partition heals) must not cost the agent its lease: the agent
 * gives that heartbeat up after a heartbeat period and sends the next on a fresh connection, well
 * before the lease runs out. A real loopback socket plays the conductor: it answers {@code register}
 * with a 6 s lease, never answers the poll nor the first heartbeat, and answers every later request.
 */
class HangingHeartbeatTest {
  private static final long LEASE_MILLIS = 6_000;

  /** When each heartbeat arrived ({@link System#nanoTime()}), and on which connection. */
  private final List<long[]> heartbeats = Collections.synchronizedList(new ArrayList<>());
  private RawConductorSocket conductor;

  @AfterEach
  void stop() throws IOException {
    if (conductor != null) {
      conductor.close();
    }
  }

  private void serve(Socket s, int connection) throws IOException {
    InputStream in = s.getInputStream();
    while (true) {
      String head = RawConductorSocket.readHead(in);
      if (head == null) {
        return;
      }
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).strip());
        }
      }
      in.readNBytes(length);
      String body;
      if (head.startsWith("POST " + ClusterLayout.AGENT_PATH + "register")) {
        body = "{\"session\":\"s1\",\"leaseMillis\":" + LEASE_MILLIS + ",\"ended\":false}";
      } else if (head.startsWith("POST " + ClusterLayout.AGENT_PATH + "poll")) {
        return; // never answered, the socket held open
      } else if (head.startsWith("POST " + ClusterLayout.AGENT_PATH + "heartbeat")) {
        heartbeats.add(new long[] {System.nanoTime(), connection});
        if (heartbeats.size() == 1) {
          return; // the first heartbeat's connection hangs
        }
        body = "{\"items\":[],\"ended\":false}";
      } else {
        body = "{\"items\":[],\"ended\":false}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
    }
  }

  private URI start() throws IOException {
    conductor = new RawConductorSocket(this::serve);
    return conductor.uri();
  }

  @Test
  void aHeartbeatThatHangsIsGivenUpAndTheNextGoesOutOnAFreshConnectionBeforeTheLeaseRunsOut() throws Exception {
    ClusterAgent agent = new ClusterAgent(new ClusterAgent.Config(start(), LoopbackCluster.TOKEN,
        NodeSpec.of("node-1"), "host", "com.acme.Task", Duration.ofSeconds(60)),
        new TaskFactories(Map.of(), getClass().getClassLoader()));
    Future<Integer> exit = conductor.pool.submit(agent::run);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (heartbeats.size() < 2) {
      assertTrue(System.nanoTime() < end, "two heartbeats within 30 s; got " + heartbeats.size());
      Thread.sleep(20);
    }
    long[] first = heartbeats.get(0);
    long[] second = heartbeats.get(1);
    long apart = TimeUnit.NANOSECONDS.toMillis(second[0] - first[0]);
    assertTrue(apart < LEASE_MILLIS, "the heartbeat after the hanging one came " + apart + " ms later, after the "
        + LEASE_MILLIS + " ms lease had run out");
    assertTrue(second[1] != first[1], "the next heartbeat did not wait behind the hanging connection");
    assertFalse(exit.isDone(), "the agent still runs");
    agent.die();
  }
}
