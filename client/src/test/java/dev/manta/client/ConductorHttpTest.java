package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.manta.runtime.cluster.ClusterLayout;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user side of the conductor's HTTP interface against a real HTTP server that checks the token. */
class ConductorHttpTest {
  private HttpServer server;
  private URI base;
  private volatile String lastQuery;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst(ClusterLayout.AUTHORIZATION);
      byte[] body;
      int status;
      String path = exchange.getRequestURI().getPath();
      lastQuery = exchange.getRequestURI().getQuery();
      if (!(ClusterLayout.BEARER + "right").equals(auth)) {
        status = 401;
        body = "{\"error\": \"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals(ClusterLayout.STATUS_PATH)) {
        status = 200;
        body = "{\"status\": \"RUNNING\", \"iteration\": 2}".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals(ClusterLayout.FILES_PATH + "globals.json")) {
        status = 200;
        body = "{\"w\": 1}\n".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals(ClusterLayout.LOGS_PATH) && lastQuery.startsWith("after=8&")) {
        status = 200; // an answer without "next"
        body = "{\"lines\": [{\"seq\": 9, \"text\": \"x\"}]}".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals(ClusterLayout.LOGS_PATH)) {
        status = 200;
        body = "{\"lines\": [{\"seq\": 4, \"text\": \"[t@node-2] INFO hello\"}], \"next\": 4, \"ended\": true}"
            .getBytes(StandardCharsets.UTF_8);
      } else {
        status = 404;
        body = "{}".getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void statusFilesAndLogsWithTheToken() {
    ConductorHttp http = new ConductorHttp(base, "right", "s");
    assertTrue(http.status().contains("RUNNING"));
    assertArrayEquals("{\"w\": 1}\n".getBytes(StandardCharsets.UTF_8), http.file("globals.json"));
    assertNull(http.file("report.json"));
    ConductorHttp.Page page = http.logs(3, Duration.ofSeconds(2));
    assertEquals("after=3&wait=2", lastQuery);
    assertEquals(List.of(new LogLine(4, "[t@node-2] INFO hello")), page.lines());
    assertEquals(4, page.next());
    assertTrue(page.ended());
  }

  @Test
  void aWrongTokenIsUnauthorized() {
    MantaClientException e = assertThrows(MantaClientException.class, () -> new ConductorHttp(base, "wrong", "s").status());
    assertEquals(MantaClientException.Reason.UNAUTHORIZED, e.reason());
    assertTrue(e.getMessage().startsWith("the conductor of swarm 's' refused the token (401)"), e.getMessage());
  }

  @Test
  void anotherErrorNamesTheSwarmTheStatusAndThePath() {
    server.removeContext("/");
    server.createContext("/", exchange -> {
      byte[] body = "{\"error\": \"the run has not ended\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(409, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    MantaClientException e = assertThrows(MantaClientException.class,
        () -> new ConductorHttp(base, "right", "s").file("report.json"));
    assertEquals(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, e.reason());
    assertTrue(e.getMessage().startsWith("swarm 's': the conductor at " + base + "/ answered 409 to "
        + ClusterLayout.FILES_PATH + "report.json: the run has not ended"), e.getMessage());
  }

  @Test
  void noServerIsUnreachable() {
    server.stop(0);
    MantaClientException e = assertThrows(MantaClientException.class, () -> new ConductorHttp(base, "right", "s").status());
    assertEquals(MantaClientException.Reason.CONDUCTOR_UNREACHABLE, e.reason());
    assertTrue(e.getMessage().startsWith("swarm 's': conductor not reachable at " + base), e.getMessage());
    assertTrue(e.getMessage().endsWith("it may be starting or restarting, or its port is not reachable from here"),
        e.getMessage());
  }

  @Test
  void anAnswerWithoutNextResumesAfterItsLastLine() {
    ConductorHttp.Page page = new ConductorHttp(base, "right", "s").logs(8, Duration.ZERO);
    assertEquals(List.of(new LogLine(9, "x")), page.lines());
    assertEquals(9, page.next());
    assertEquals(false, page.ended());
  }
}
