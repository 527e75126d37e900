package dev.manta.runtime.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Says what a host name resolves to now, waiting at most a bound: a diagnostic for failed calls
 * to the conductor (Docker's embedded DNS answers for a service name only while the engine's view
 * of the network holds the conductor's container). A lookup that does not end within the bound is
 * left running on its own daemon thread, and no second one starts until it ends.
 */
final class NameCheck {
  private final Duration bound;
  private CompletableFuture<String> pending;

  NameCheck(Duration bound) {
    this.bound = bound;
  }

  /** For example {@code "manta-x-conductor resolves to [10.0.3.4] in 2 ms"}; IP literals are not looked up. */
  synchronized String describe(String host) {
    if (host == null || host.isEmpty() || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')
        || host.startsWith("[")) {
      return "host " + host + " needs no lookup";
    }
    if (pending != null && !pending.isDone()) {
      return "an earlier lookup of " + host + " has not ended yet";
    }
    long start = System.nanoTime();
    CompletableFuture<String> lookup = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        lookup.complete(Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress)
            .collect(Collectors.joining(", ", "[", "]")));
      } catch (UnknownHostException e) {
        lookup.complete(null);
      } catch (RuntimeException | Error e) {
        lookup.completeExceptionally(e);
      }
    }, "manta-name-check");
    t.setDaemon(true);
    t.start();
    pending = lookup;
    try {
      String addresses = lookup.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      return addresses == null ? host + " does not resolve (" + millis + " ms)"
          : host + " resolves to " + addresses + " in " + millis + " ms";
    } catch (TimeoutException e) {
      return "looking up " + host + " took longer than " + bound.toMillis() + " ms";
    } catch (ExecutionException e) {
      return "looking up " + host + " failed: " + e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "looking up " + host + " was interrupted";
    }
  }
}
