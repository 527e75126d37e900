package dev.manta.runtime.conductor;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Every instance's next deadline (its timeout, or its next slow-instance notice) in one queue, so
 * the conductor keeps a single timer, set for the earliest one, instead of a scheduled task per
 * instance. Arming or cancelling costs O(log n) and allocates one small entry; a cancelled entry
 * is dropped lazily, and the queue is rebuilt when cancelled entries outnumber live ones, so it
 * holds at most about twice the live deadlines. Time is passed in (nanoseconds of
 * {@link System#nanoTime()}), which keeps this class a pure structure. Guarded by the conductor's lock.
 */
final class Deadlines {
  /** A deadline of one attempt of an instance. */
  static final class Entry {
    final WorldStore.Instance instance;
    final long token;
    final long atNanos;
    private final long seq;

    private Entry(WorldStore.Instance instance, long token, long atNanos, long seq) {
      this.instance = instance;
      this.token = token;
      this.atNanos = atNanos;
      this.seq = seq;
    }
  }

  private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
    int c = Long.compare(a.atNanos - b.atNanos, 0);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  });
  private long seq;
  private int live;

  /** Sets the one deadline of {@code instance} (replacing any earlier one) at {@code atNanos}. */
  void arm(WorldStore.Instance instance, long atNanos) {
    cancel(instance);
    Entry e = new Entry(instance, instance.token, atNanos, seq++);
    instance.deadline = e;
    queue.add(e);
    live++;
    if (queue.size() > 2 * live + 1024) {
      List<Entry> keep = new ArrayList<>(live);
      for (Entry x : queue) {
        if (x.instance.deadline == x) {
          keep.add(x);
        }
      }
      queue.clear();
      queue.addAll(keep);
    }
  }

  /** Removes the deadline of {@code instance}, if it has one. */
  void cancel(WorldStore.Instance instance) {
    if (instance.deadline != null) {
      instance.deadline = null;
      live--;
    }
  }

  /** Removes and returns the deadlines due at {@code nowNanos}, earliest first. */
  List<Entry> due(long nowNanos) {
    List<Entry> out = new ArrayList<>();
    while (!queue.isEmpty()) {
      Entry head = queue.peek();
      if (head.instance.deadline != head) {
        queue.poll();
      } else if (head.atNanos - nowNanos <= 0) {
        queue.poll();
        head.instance.deadline = null;
        live--;
        out.add(head);
      } else {
        break;
      }
    }
    return out;
  }

  /** When the earliest live deadline falls, or {@code null} if there is none. */
  Long earliest() {
    while (!queue.isEmpty() && queue.peek().instance.deadline != queue.peek()) {
      queue.poll();
    }
    return queue.isEmpty() ? null : queue.peek().atNanos;
  }

  /** How many deadlines are live. */
  int size() {
    return live;
  }
}
