package dev.manta.runtime.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Faults the local transport injects, so tests can drive lost nodes on one machine. Immutable;
 * combine with {@link #and}. Which nodes a fault hits depends only on its seed and the node ids.
 *
 * <ul>
 *   <li>{@link #killShare}: in a given iteration, a seeded share of the nodes dies as soon as one of
 *       its instances starts: every later message of the node fails (the task sees an exception, its
 *       end is never reported) and its heartbeats stop, so its lease runs out and the conductor ends
 *       its instances {@code LOST}.</li>
 *   <li>{@link #unresponsive}: a node's agent hangs when it claims an instance in a given iteration
 *       (its thread blocks until the run ends) and sends no more heartbeats.</li>
 * </ul>
 */
public final class Faults {
  private record Kill(double share, int iteration, long seed) {}

  private record Hang(String node, int iteration) {}

  private final List<Kill> kills;
  private final List<Hang> hangs;

  private Faults(List<Kill> kills, List<Hang> hangs) {
    this.kills = List.copyOf(kills);
    this.hangs = List.copyOf(hangs);
  }

  /** No faults. */
  public static Faults none() {
    return new Faults(List.of(), List.of());
  }

  /** In {@code iteration}, {@code ceil(share × nodes)} nodes, chosen with {@code seed}, die mid-instance. */
  public static Faults killShare(double share, int iteration, long seed) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must lie in (0, 1], not " + share);
    }
    return new Faults(List.of(new Kill(share, iteration, seed)), List.of());
  }

  /** In {@code iteration}, the agent of {@code node} hangs on its first claim and stops its heartbeats. */
  public static Faults unresponsive(String node, int iteration) {
    return new Faults(List.of(), List.of(new Hang(Objects.requireNonNull(node, "node"), iteration)));
  }

  /** Both this and {@code other}. */
  public Faults and(Faults other) {
    List<Kill> k = new ArrayList<>(kills);
    k.addAll(other.kills);
    List<Hang> h = new ArrayList<>(hangs);
    h.addAll(other.hangs);
    return new Faults(k, h);
  }

  /** The nodes (of {@code nodeIds}) that die in {@code iteration}. */
  Set<String> doomed(List<String> nodeIds, int iteration) {
    Set<String> out = new TreeSet<>();
    for (Kill k : kills) {
      if (k.iteration() == iteration) {
        List<String> ids = new ArrayList<>(new TreeSet<>(nodeIds));
        Collections.shuffle(ids, new Random(k.seed()));
        out.addAll(ids.subList(0, (int) Math.ceil(k.share() * ids.size())));
      }
    }
    return out;
  }

  /** Whether the agent of {@code node} hangs in {@code iteration}. */
  boolean hangs(String node, int iteration) {
    if (hangs.isEmpty()) {
      return false; // the common case, asked on every claim
    }
    return hangs.stream().anyMatch(h -> h.node().equals(node) && h.iteration() == iteration);
  }

  boolean isEmpty() {
    return kills.isEmpty() && hangs.isEmpty();
  }
}
