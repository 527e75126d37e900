package dev.manta.runtime.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A conductor played by a real loopback socket whose answers a test writes by hand: each accepted
 * connection goes to {@link Handler} on its own thread (with the connection's number, from 1), and
 * stays open until {@link #close()} unless the handler closes it, so a test can hold a request
 * unanswered, as a conductor behind a dead link would.
 */
final class RawConductorSocket implements AutoCloseable {
  interface Handler {
    void serve(Socket socket, int connection) throws IOException;
  }

  final ExecutorService pool = Executors.newCachedThreadPool();
  /** The accepted connections, guarded by {@link #lock}; {@code null} once closed. */
  private final Object lock = new Object();
  private List<Socket> held = new ArrayList<>();
  private final ServerSocket server;
  private int connections;

  RawConductorSocket(Handler handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(() -> {
      while (!server.isClosed()) {
        Socket s = server.accept();
        synchronized (lock) {
          if (held == null) {
            s.close(); // accepted while closing
            return null;
          }
          held.add(s);
        }
        int connection = ++connections;
        pool.submit(() -> {
          handler.serve(s, connection);
          return null;
        });
      }
      return null;
    });
  }

  /** The base URL agents use. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
  }

  /** An HTTP request's head up to its blank line, or {@code null} when the peer closed first. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      head.append((char) c);
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    List<Socket> open;
    synchronized (lock) {
      open = held;
      held = null;
    }
    server.close();
    pool.shutdownNow();
    if (open != null) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
