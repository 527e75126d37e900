package dev.manta.bench.chain;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;

/** The 1 MiB payload, and the plain HTTP server that serves it for the baseline (one per agent JVM). */
final class Blob {
  static final String ITERATIONS = "iterations";
  static final String RESULTS = "results";
  static final String URL = "blob_url";
  static final int SIZE = 1 << 20;
  static final int PORT = 9099;
  static final byte[] BYTES = new byte[SIZE];

  static {
    new Random(42).nextBytes(BYTES);
  }

  private static String url;

  private Blob() {}

  /** Starts the server once in this JVM; returns its URL on this container's address. */
  static synchronized String serve() throws IOException {
    if (url == null) {
      HttpServer server = HttpServer.create(new InetSocketAddress(PORT), 16);
      server.createContext("/blob", exchange -> {
        exchange.sendResponseHeaders(200, BYTES.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(BYTES);
        }
      });
      server.start();
      url = "http://" + InetAddress.getLocalHost().getHostAddress() + ":" + PORT + "/blob";
    }
    return url;
  }
}
