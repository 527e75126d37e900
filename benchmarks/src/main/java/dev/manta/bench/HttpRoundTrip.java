package dev.manta.bench;

import com.sun.net.httpserver.HttpServer;
import dev.manta.runtime.cluster.ClusterLayout;
import dev.manta.runtime.cluster.HttpAgentTransport;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One agent message's round trip through {@link HttpAgentTransport} (token check, session lookup,
 * JSON both ways, a conductor that answers at once) vs a bare JDK {@code HttpServer} (no-delay on)
 * echoing the same bytes, both on loopback with the same keep-alive client; {@code -Dnodes}
 * messages per round (default 2,000), one after another.
 */
public final class HttpRoundTrip {
  private static final String TOKEN = "benchmark-token";

  public static void main(String[] args) throws Exception {
    int messages = Bench.intArg("nodes", 2_000);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpAgentTransport transport = HttpAgentTransport.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), TOKEN, Duration.ofMinutes(10));
    transport.start(new ConductorEndpoint() {
      @Override
      public Reply handle(String nodeId, AgentMessage message) {
        return Reply.OK;
      }

      @Override
      public void nodeLost(String nodeId, String reason) { }

      @Override
      public void offerFailed(Assignment assignment, String reason) { }
    });
    String base = "http://127.0.0.1:" + transport.port() + ClusterLayout.AGENT_PATH;
    HttpResponse<String> registered = client.send(HttpRequest.newBuilder(URI.create(base + "register"))
        .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"node\": \"node-1\", \"module\": \"bench.Task\","
            + " \"hostname\": \"bench\", \"datasets\": [], \"gpu\": false}")).build(), HttpResponse.BodyHandlers.ofString());
    String session = registered.body().replaceAll(".*\"session\":\"([0-9a-f]+)\".*", "$1");
    String body = Messages.toJson(new AgentMessage.Log("1/work/node-1", 42, "INFO", "a log line of a task"));

    HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    echo.createContext("/", exchange -> {
      byte[] in;
      try (InputStream is = exchange.getRequestBody()) {
        in = is.readAllBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, in.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(in);
      }
      exchange.close();
    });
    echo.start();
    URI echoUri = URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/echo");

    HttpRequest message = HttpRequest.newBuilder(URI.create(base + "message"))
        .header(ClusterLayout.AUTHORIZATION, ClusterLayout.BEARER + TOKEN)
        .header(ClusterLayout.SESSION_HEADER, session)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpRequest raw = HttpRequest.newBuilder(echoUri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      Bench.compare("HttpAgentTransport, " + messages + " messages", Bench.intArg("rounds", 5),
          () -> send(client, message, messages), "raw HttpServer echo", () -> send(client, raw, messages));
    } finally {
      transport.shutdown();
      echo.stop(0);
    }
  }

  private static void send(HttpClient client, HttpRequest request, int count) {
    try {
      for (int i = 0; i < count; i++) {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
