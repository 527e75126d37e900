package dev.manta.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A registry of a test's own: Debian's {@code docker-registry serve} (which {@code scripts/cluster up}
 * installs) with its own config, storage in a folder of the test, on a free port of {@code host}. The
 * test can kill it (SIGKILL, as when its machine or process dies) and start it again on the same port
 * and storage. Plain HTTP: Docker engines treat {@code 127.0.0.0/8} as insecure by default.
 */
public final class ScratchRegistry implements AutoCloseable {
  /** Where {@code scripts/cluster} gets it from (Debian's package {@code docker-registry}). */
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final String host;
  private final int port;
  private Process process;

  private ScratchRegistry(Path dir, String host, int port) {
    this.dir = dir;
    this.host = host;
    this.port = port;
  }

  /**
   * Skips the calling test (fails it under {@code CI=true}) unless {@code docker-registry} is
   * installed.
   */
  public static void require() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String message = "no " + BINARY + " (Debian's docker-registry; 'sudo scripts/cluster up 3' installs it)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true requires the Docker tests to run: " + message);
    }
    Assumptions.abort("skipped: " + message);
  }

  /** Starts a registry on a free port of {@code host}, its config, storage and log in {@code dir}. */
  public static ScratchRegistry start(Path dir, String host) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("config.yml"), """
        version: 0.1
        log: {level: info}
        storage:
          filesystem: {rootdirectory: %s}
          delete: {enabled: true}
        http: {addr: "%s:%d"}
        """.formatted(dir.resolve("data"), host, port));
    ScratchRegistry r = new ScratchRegistry(dir, host, port);
    r.startProcess();
    return r;
  }

  private void startProcess() throws IOException, InterruptedException {
    process = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile()))
        .start();
    process.getOutputStream().close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited " + process.exitValue() + ": " + log());
      }
      try {
        int status = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("docker-registry does not answer on " + address() + " after 30 s: " + log());
      }
      Thread.sleep(100);
    }
  }

  /** {@code host:port}, as an image reference starts. */
  public String address() {
    return host + ":" + port;
  }

  /** The registry's process id (while it runs). */
  public long pid() {
    return process.pid();
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone: nothing is flushed or cleaned up. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts it again on the same address and storage. */
  public void restart() throws IOException, InterruptedException {
    kill();
    startProcess();
  }

  /**
   * Bytes the registry has received into uploads not finished yet (its storage's
   * {@code repositories/<name>/_uploads/<id>/data} files): above 0 once the first blob upload is
   * under way.
   */
  public long uploadingBytes() {
    Path repositories = dir.resolve("data/docker/registry/v2/repositories");
    if (!Files.isDirectory(repositories)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(repositories)) {
      return walk.filter(p -> p.getFileName().toString().equals("data") && p.getParent() != null
              && p.getParent().getParent() != null
              && p.getParent().getParent().getFileName().toString().equals("_uploads"))
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              return 0; // finished (moved) meanwhile
            }
          }).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // the tree changed while walked; the caller polls again
    }
  }

  /** The registry's log so far (its last 4,000 characters). */
  public String log() {
    try {
      String text = Files.readString(dir.resolve("log"));
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
