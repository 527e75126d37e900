package dev.manta.runtime.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.manta.graph.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conductor's HTTP server: routes, the token check, body limits and JSON errors, for the agent
 * endpoints and the status, files and logs endpoints alike.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver}: no dependency to ship in every image, and
 * a thread per open request is plenty for the tens of agents (each with one long poll, one
 * heartbeat and its tasks' calls) a swarm has. {@code sun.net.httpserver.nodelay} is switched on
 * before the server is created: without it every response waits ~40 ms for Nagle's algorithm and
 * the client's delayed ACK. Idle connections are kept {@link #IDLE_SECONDS} (the JDK's default is
 * 30 s), longer than the clients keep theirs ({@link #CLIENT_KEEPALIVE_SECONDS}), so a client never
 * sends a request on a connection the server has just closed.
 *
 * <p>Every request must carry {@code Authorization: Bearer <token>}, compared in constant time;
 * otherwise 401 and the handler never runs. Then: unknown path 404, wrong method 405, body over the
 * route's limit 413, malformed input 400. Every error body is {@code {"error": "..."}}.
 */
final class HttpEndpoints implements AutoCloseable {
  /** The body limit of every agent request but {@code message}, and of GET requests. */
  static final int SMALL_BODY = 64 << 10;
  /** The body limit of {@code message} (a result travels in one). */
  static final int LARGE_BODY = 64 << 20;

  /** How long the server keeps an idle connection open, in seconds. */
  static final int IDLE_SECONDS = 300;
  /** How long the conductor's clients keep an idle connection, in seconds (less than {@link #IDLE_SECONDS}). */
  static final int CLIENT_KEEPALIVE_SECONDS = 60;

  /**
   * Makes this JVM's HTTP clients drop idle connections before the server would, and send a
   * request again when a kept-alive connection turns out closed before any answer came (the server
   * closes a connection after an error answered before a large body was read); call before
   * creating a client.
   */
  static void limitClientKeepAlive() {
    if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
      System.setProperty("jdk.httpclient.keepalive.timeout", String.valueOf(CLIENT_KEEPALIVE_SECONDS));
    }
    if (System.getProperty("jdk.httpclient.enableAllMethodRetry") == null) {
      System.setProperty("jdk.httpclient.enableAllMethodRetry", "true");
    }
  }

  /** Exchange attribute: the handler read the request body. */
  private static final String BODY_READ = "manta.bodyRead";
  /** How much of an unread body the JDK's server reads through on close ({@code sun.net.httpserver.drainAmount}). */
  private static final long DRAINED = 64 << 10;

  private static final System.Logger LOG = System.getLogger(HttpEndpoints.class.getName());

  /**
   * Whether a {@code Content-Type} value, or one range of an {@code Accept} value, is {@code mediaType}
   * (parameters and case ignored; {@code false} for {@code null}).
   */
  static boolean isMediaType(String value, String mediaType) {
    return value != null && value.split(";", 2)[0].trim().equalsIgnoreCase(mediaType);
  }

  /**
   * One request, its body read whole; {@code contentType} and {@code accept} are its headers of
   * those names ({@code null} when absent).
   */
  record Request(String method, String path, String query, String session, byte[] body, String contentType,
      String accept) {
    Request(String method, String path, String query, String session, byte[] body) {
      this(method, path, query, session, body, null, null);
    }

    /** Whether the request's {@code Content-Type} is {@code mediaType} (parameters ignored). */
    boolean hasContentType(String mediaType) {
      return isMediaType(contentType, mediaType);
    }

    /** Whether the request's {@code Accept} names {@code mediaType}. */
    boolean accepts(String mediaType) {
      if (accept == null) {
        return false;
      }
      for (String range : accept.split(",")) {
        if (isMediaType(range, mediaType)) {
          return true;
        }
      }
      return false;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The query parameter {@code name}, or {@code fallback}. */
    String param(String name, String fallback) {
      if (query == null) {
        return fallback;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (key.equals(name)) {
          return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return fallback;
    }
  }

  /**
   * An answer: status, body and its content type. The body is sent as the concatenation of
   * {@code parts} (a result answer sends each stored value's bytes as they are kept, not a copy).
   */
  record Response(int status, List<byte[]> parts, String contentType) {
    Response {
      parts = List.copyOf(parts);
    }

    Response(int status, byte[] body, String contentType) {
      this(status, List.of(body), contentType);
    }

    /** The body's length in bytes. */
    long length() {
      long n = 0;
      for (byte[] p : parts) {
        n += p.length;
      }
      return n;
    }

    static Response json(Object value) {
      return new Response(200, Json.mapper().valueToTree(value).toString().getBytes(StandardCharsets.UTF_8),
          "application/json");
    }

    static Response jsonText(String json) {
      return new Response(200, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }
  }

  /** Thrown by a handler: answer {@code status} with {@code {"error": message}}. */
  static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws Exception;
  }

  private record Route(String path, boolean prefix, String method, int maxBody, Handler handler) {}

  private final byte[] token;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final List<Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Listens on {@code address} (port 0: a free one) and answers only requests bearing {@code token}.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  HttpEndpoints(InetSocketAddress address, String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the token is empty; the conductor answers only requests that bear one");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.setProperty("sun.net.httpserver.idleInterval", String.valueOf(IDLE_SECONDS));
    try {
      server = HttpServer.create(address, 128);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage()
          + "; free the port or choose another", e);
    }
    AtomicInteger count = new AtomicInteger();
    // A thread per open request (a long poll holds one up to 20 s), so no queue: a swarm's agents
    // hold about two each plus one per running task, and finished threads leave after a minute.
    executor = new ThreadPoolExecutor(4, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "manta-http-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  /**
   * Starts answering. Called once every route is in place: a request that came before would get
   * 404 (an agent takes that for a wrong address and gives up).
   */
  void start() {
    server.start();
  }

  /** The bound port. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Answers {@code method path} (or every path under {@code path} when {@code prefix}) with {@code handler}. */
  void route(String method, String path, boolean prefix, int maxBody, Handler handler) {
    routes.add(new Route(path, prefix, method, maxBody, handler));
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      Response response;
      try {
        response = dispatch(exchange);
      } catch (HttpError e) {
        response = error(e.status, e.getMessage());
      } catch (IllegalArgumentException e) {
        response = error(400, e.getMessage());
      } catch (Throwable e) { // a handler's bug must still get an answer, and never kill the server thread
        LOG.log(System.Logger.Level.ERROR, "request " + exchange.getRequestURI() + " failed: " + e, e);
        response = error(500, "conductor error: " + e);
      }
      if (response.status() >= 400 && exchange.getAttribute(BODY_READ) == null && !drainable(exchange)) {
        // The body was not read, and the server closes the connection rather than read it through on
        // close: say so, or the client would send its next request on a closed connection.
        exchange.getResponseHeaders().set("Connection", "close");
      }
      send(exchange, response);
    } catch (IOException e) {
      // The client went away: nothing to answer.
      LOG.log(System.Logger.Level.DEBUG, "cannot answer " + exchange.getRequestURI() + ": " + e);
    }
  }

  private Response dispatch(HttpExchange exchange) throws Exception {
    if (!authorised(exchange.getRequestHeaders().getFirst(ClusterLayout.AUTHORIZATION))) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
      return error(401, "missing or wrong token: send 'Authorization: Bearer <token>' with the deployment's token");
    }
    String path = exchange.getRequestURI().getPath();
    List<Route> matching = new ArrayList<>();
    for (Route r : routes) {
      if (r.prefix ? path.startsWith(r.path) : path.equals(r.path)) {
        matching.add(r);
      }
    }
    if (matching.isEmpty()) {
      return error(404, "no such endpoint: " + path);
    }
    String method = exchange.getRequestMethod();
    Route route = matching.stream().filter(r -> r.method.equals(method)).findFirst().orElse(null);
    if (route == null) {
      String allowed = String.join(", ", matching.stream().map(Route::method).distinct().toList());
      exchange.getResponseHeaders().add("Allow", allowed);
      return error(405, method + " is not allowed on " + path + "; use " + allowed);
    }
    byte[] body = readBody(exchange, route.maxBody);
    exchange.setAttribute(BODY_READ, Boolean.TRUE);
    var headers = exchange.getRequestHeaders();
    String session = headers.getFirst(ClusterLayout.SESSION_HEADER);
    return route.handler.handle(new Request(method, path, exchange.getRequestURI().getRawQuery(), session, body,
        headers.getFirst("Content-Type"), headers.getFirst("Accept")));
  }

  /** Whether the server reads an unread body through when the exchange closes (it does up to 64 KiB). */
  private static boolean drainable(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length == null) {
      return exchange.getRequestHeaders().getFirst("Transfer-Encoding") == null;
    }
    try {
      return Long.parseLong(length.trim()) <= DRAINED;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private boolean authorised(String header) {
    if (header == null || !header.startsWith(ClusterLayout.BEARER)) {
      return false;
    }
    byte[] given = header.substring(ClusterLayout.BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(token, given);
  }

  private static byte[] readBody(HttpExchange exchange, int max) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new HttpError(400, "Content-Length '" + length + "' is not a number");
      }
      if (declared > max) {
        throw tooLarge(declared, max);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      if (declared >= 0) {
        // The declared length is within the limit: read it into one array of that size (a result
        // of megabytes is not gathered in chunks and copied again).
        byte[] body = in.readNBytes((int) declared);
        if (body.length < declared) {
          throw new IOException("the body ended after " + body.length + " of " + declared + " bytes");
        }
        return body;
      }
      byte[] body = in.readNBytes(max + 1);
      if (body.length > max) {
        throw tooLarge(-1, max);
      }
      return body;
    } catch (IOException e) {
      closeAfter(exchange);
      // A body shorter than its Content-Length, or a broken chunk: the client's fault, not the conductor's.
      throw new HttpError(400, "the request body could not be read whole (" + e.getMessage() + "): send the"
          + " Content-Length of the body you send, or a well-formed chunked body");
    }
  }

  /** Answers with {@code Connection: close}: the body could not be read, so the connection cannot carry another request. */
  private static void closeAfter(HttpExchange exchange) {
    exchange.getResponseHeaders().set("Connection", "close");
  }

  private static HttpError tooLarge(long size, int max) {
    return new HttpError(413, "request body " + (size >= 0 ? "of " + size + " bytes " : "")
        + "is over the limit of " + max + " bytes for this endpoint; results over " + (LARGE_BODY >> 20)
        + " MiB must travel another way (write a file the next task reads and publish its path)");
  }

  static Response error(int status, String message) {
    ObjectNode body = Json.mapper().createObjectNode().put("error", message);
    return new Response(status, body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    long length = response.length();
    exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        for (byte[] part : response.parts()) {
          out.write(part);
        }
      }
    }
  }

  /** Stops listening, letting requests in progress end within a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
