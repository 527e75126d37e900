package dev.manta.runtime.transport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Agents' leases: a node holds one while its agent's heartbeats arrive; one that is not renewed
 * within {@link #duration()} runs out and the node counts as lost. Thread-safe. A transport
 * renews on every heartbeat and calls {@link #expire} about every {@code duration / 4}, so a silent
 * node is declared lost at most {@code 1.25 × duration} after its last heartbeat.
 */
public final class Leases {
  private final long durationNanos;
  private final Map<String, Long> deadlines = new HashMap<>();

  public Leases(java.time.Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a lease lasts a positive time, not " + duration);
    }
    this.durationNanos = duration.toNanos();
  }

  public java.time.Duration duration() {
    return java.time.Duration.ofNanos(durationNanos);
  }

  /** A heartbeat of {@code node} at {@code nowNanos}: its lease runs until {@code now + duration}. */
  public synchronized void renew(String node, long nowNanos) {
    deadlines.put(node, nowNanos + durationNanos);
  }

  /** Renews every node of {@code nodes} at once (a local heartbeat round). */
  public synchronized void renewAll(List<String> nodes, long nowNanos) {
    for (String node : nodes) {
      deadlines.put(node, nowNanos + durationNanos);
    }
  }

  /** Whether {@code node} holds a lease at {@code nowNanos}. */
  public synchronized boolean holds(String node, long nowNanos) {
    Long deadline = deadlines.get(node);
    return deadline != null && deadline - nowNanos > 0;
  }

  /** Removes and returns (sorted) the nodes whose lease ran out by {@code nowNanos}. */
  public synchronized Set<String> expire(long nowNanos) {
    Set<String> out = new TreeSet<>();
    deadlines.entrySet().removeIf(e -> {
      boolean gone = e.getValue() - nowNanos <= 0;
      if (gone) {
        out.add(e.getKey());
      }
      return gone;
    });
    return out;
  }

  /** The check period a transport should use: a quarter of the lease. */
  public long checkEveryMillis() {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(durationNanos) / 4);
  }
}
