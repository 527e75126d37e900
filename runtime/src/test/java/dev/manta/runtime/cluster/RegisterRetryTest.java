package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An agent whose conductor does not answer yet retries its registration after a short wait, never at once. */
class RegisterRetryTest {
  @Test
  void everyRetryWaitsAndTheWaitIsBounded() {
    long previous = 0;
    for (int attempt = 0; attempt <= 100; attempt++) {
      long millis = ClusterAgent.registerRetryMillis(attempt);
      assertTrue(millis > 0, "attempt " + attempt + " would retry at once");
      assertTrue(millis >= previous, "attempt " + attempt + " waits less than the one before");
      assertTrue(millis <= ClusterAgent.MAX_REGISTER_RETRY.toMillis(), "attempt " + attempt + " waits " + millis + " ms");
      previous = millis;
    }
    assertEquals(ClusterAgent.MAX_REGISTER_RETRY.toMillis(), ClusterAgent.registerRetryMillis(Integer.MAX_VALUE));
  }

  /**
   * A conductor still starting (it answers 503 to every registration) for the 2 s the agent may wait:
   * the agent tries again a few times a second, not in a loop that takes the CPU the conductor needs
   * (it did: hundreds of tries a second), and then gives up saying why.
   */
  @Test
  void anAgentWaitsBetweenRegistrationsWhileItsConductorIsStarting() throws Exception {
    AtomicInteger registrations = new AtomicInteger();
    try (RawConductorSocket conductor = new RawConductorSocket((s, connection) -> busy(s, registrations))) {
      ClusterAgent agent = new ClusterAgent(new ClusterAgent.Config(conductor.uri(), LoopbackCluster.TOKEN,
          NodeSpec.of("node-1"), "host", "com.acme.Task", Duration.ofSeconds(2)),
          new TaskFactories(Map.of(), getClass().getClassLoader()));
      Future<Integer> exit = conductor.pool.submit(agent::run);
      int code = exit.get(60, TimeUnit.SECONDS);
      assertTrue(code != 0, "the agent gave up on a conductor that never took it");
      int tries = registrations.get();
      // 2 s at one try per 0.1-0.25 s: about 10; a try without a wait would make hundreds.
      assertTrue(tries >= 2 && tries <= 30, tries + " registrations in 2 s");
    }
  }

  /** One request a connection, answered 503 and closed (its body is not read). */
  private static void busy(Socket s, AtomicInteger registrations) throws IOException {
    String head = RawConductorSocket.readHead(s.getInputStream());
    if (head == null) {
      return;
    }
    if (head.startsWith("POST " + ClusterLayout.AGENT_PATH + "register")) {
      registrations.incrementAndGet();
    }
    byte[] body = "{\"error\":\"starting\"}".getBytes(StandardCharsets.UTF_8);
    OutputStream out = s.getOutputStream();
    out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    s.close();
  }
}
