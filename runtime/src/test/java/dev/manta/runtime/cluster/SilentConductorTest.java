package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A conductor that went silent: a real loopback socket that answers {@code register} and then
 * reads requests without ever answering (as a connection to a killed container may behave: no
 * reset, no answer). An agent's long poll on it ends as soon as the agent learns its session is
 * gone, instead of waiting out the poll's timeout.
 */
class SilentConductorTest {
  private RawConductorSocket conductor;

  @AfterEach
  void stop() throws IOException {
    if (conductor != null) {
      conductor.close();
    }
  }

  private URI silentConductor() throws IOException {
    conductor = new RawConductorSocket((s, connection) -> answerOnlyRegister(s));
    return conductor.uri();
  }

  private static void answerOnlyRegister(Socket s) throws IOException {
    String head = RawConductorSocket.readHead(s.getInputStream());
    if (head == null) {
      return;
    }
    if (head.startsWith("POST " + ClusterLayout.AGENT_PATH + "register")) {
      byte[] body = "{\"session\":\"s1\",\"leaseMillis\":10000,\"ended\":false}".getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      s.close();
    }
    // anything else: read, never answered, the socket held open
  }

  @Test
  void aPollToASilentConductorEndsAtOnceWhenAborted() throws Exception {
    AgentClient client = new AgentClient(silentConductor(), LoopbackCluster.TOKEN);
    client.register(new AgentProtocol.Registration("node-1", "com.acme.Task", "host", List.of(), false, "a"));
    assertEquals("s1", client.session());
    Future<AgentProtocol.Items> poll = conductor.pool.submit(() -> client.poll(0, HttpAgentTransport.MAX_POLL));
    Thread.sleep(300);
    assertTrue(!poll.isDone(), "the silent conductor never answers the poll");
    long t0 = System.nanoTime();
    client.abortPoll();
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> poll.get(10, TimeUnit.SECONDS)); // not the poll's own 35 s
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("poll given up"), e.getCause().getMessage());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
  }

  /**
   * The agent learned its session is gone just before its poll started: the abort found no poll to
   * end, so the poll looks at the agent's reason again once it is under way, and gives up at once.
   */
  @Test
  void aPollWhoseAbortCameBeforeItStartedIsGivenUpAsSoonAsItIsUnderWay() throws Exception {
    AgentClient client = new AgentClient(silentConductor(), LoopbackCluster.TOKEN);
    client.register(new AgentProtocol.Registration("node-1", "com.acme.Task", "host", List.of(), false, "a"));
    client.abortPoll(); // no poll yet: nothing to end
    Future<AgentProtocol.Items> poll = conductor.pool.submit(() -> client.poll(0, HttpAgentTransport.MAX_POLL,
        () -> true));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> poll.get(10, TimeUnit.SECONDS)); // not the poll's own 35 s
    assertTrue(e.getCause().getMessage().contains("poll given up"), e.getCause().getMessage());
    // A poll with no reason to give up still waits on the silent conductor.
    Future<AgentProtocol.Items> kept = conductor.pool.submit(() -> client.poll(0, HttpAgentTransport.MAX_POLL,
        () -> false));
    Thread.sleep(300);
    assertTrue(!kept.isDone(), "the silent conductor never answers the poll");
    client.abortPoll();
    assertThrows(ExecutionException.class, () -> kept.get(10, TimeUnit.SECONDS));
  }
}
