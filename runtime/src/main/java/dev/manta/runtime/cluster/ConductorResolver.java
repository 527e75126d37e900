package dev.manta.runtime.cluster;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the conductor's URL into one with an address, looking its host name up with a bound and
 * keeping the last address it resolved to.
 *
 * <p>Agents reach the conductor by its service name, which Docker's embedded DNS on the agent's own
 * node answers. While that engine's view of the overlay network reconverges (after another node's
 * partition heals, say) the name may not resolve, or the lookup may hang, for seconds, although the
 * conductor's container and its address are unchanged and reachable. A lookup inside the JDK's HTTP
 * client is not bounded by the request's timeout, so a heartbeat could take the lookup's time plus
 * the connect timeout and cost the node its lease. Here a lookup waits at most {@code bound}; when it
 * fails or is slow, the last address the name resolved to is used. A restarted conductor gets a new
 * address, which the next lookup that answers gives. A name is looked up again once its answer is
 * older than {@code ttl}; a lookup still running is not started twice, and while it runs the last
 * address is used at once.
 */
final class ConductorResolver {
  /** A name lookup ({@link InetAddress#getByName} unless a test gives another). */
  interface Lookup {
    InetAddress find(String host) throws UnknownHostException;
  }

  private final URI url;
  private final Lookup lookup;
  private final String host;
  private final boolean literal;
  private final Duration bound;
  private final long ttlNanos;
  /** {@link #url} with the last address its host name resolved to ({@code null}: none yet). */
  private URI lastUrl;
  private long resolvedAt;
  private CompletableFuture<InetAddress> pending;
  private String note = "";

  ConductorResolver(URI url, Duration bound, Duration ttl) {
    this(url, bound, ttl, InetAddress::getByName);
  }

  ConductorResolver(URI url, Duration bound, Duration ttl, Lookup lookup) {
    this.url = url;
    this.lookup = lookup;
    this.host = url.getHost();
    this.literal = host == null || host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    this.bound = bound;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * The URL with the host name replaced by its address (or by the last one it had, if the lookup
   * fails or outlasts the bound); the URL as given when the host is an address, or when the name has
   * never resolved (the HTTP client then fails on it with its own error). The wait for a lookup
   * happens outside this object's lock: other callers meanwhile get the last address at once.
   */
  URI current() throws InterruptedException {
    if (literal) {
      return url;
    }
    CompletableFuture<InetAddress> lookup;
    synchronized (this) {
      if (lastUrl != null && System.nanoTime() - resolvedAt < ttlNanos) {
        return lastUrl;
      }
      if (pending != null && !pending.isDone() && lastUrl != null) {
        // An earlier lookup hangs: do not spend another bound on it (a heartbeat's period is short).
        note = "an earlier lookup of " + host + " has not ended; used its last address, " + lastUrl.getHost();
        return lastUrl;
      }
      if (pending == null || pending.isDone()) {
        pending = startLookup();
      }
      lookup = pending;
    }
    long start = System.nanoTime();
    String failed;
    try {
      InetAddress a = lookup.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (this) {
        lastUrl = with(a);
        resolvedAt = System.nanoTime();
        note = host + " resolved to " + a.getHostAddress() + " in " + (resolvedAt - start) / 1_000_000 + " ms";
        return lastUrl;
      }
    } catch (TimeoutException e) {
      failed = "looking up " + host + " took longer than " + bound.toMillis() + " ms";
    } catch (ExecutionException e) {
      failed = e.getCause() instanceof UnknownHostException ? host + " did not resolve"
          : "looking up " + host + " failed: " + e.getCause();
    }
    synchronized (this) {
      if (lastUrl == null) {
        note = failed;
        return url;
      }
      note = failed + "; used its last address, " + lastUrl.getHost();
      return lastUrl;
    }
  }

  /** How the last {@link #current()} found the address, for messages about a failed call ("" if not looked up). */
  synchronized String note() {
    return note;
  }

  private CompletableFuture<InetAddress> startLookup() {
    CompletableFuture<InetAddress> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(lookup.find(host));
      } catch (UnknownHostException | RuntimeException e) {
        f.completeExceptionally(e);
      } catch (Error e) {
        f.completeExceptionally(e);
        throw e;
      }
    }, "manta-conductor-lookup");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private URI with(InetAddress a) {
    try {
      return new URI(url.getScheme(), url.getUserInfo(), a.getHostAddress(), url.getPort(), url.getPath(), url.getQuery(),
          url.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot put address " + a + " into " + url, e);
    }
  }
}
