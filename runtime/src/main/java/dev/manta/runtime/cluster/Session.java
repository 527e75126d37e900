package dev.manta.runtime.cluster;

import dev.manta.runtime.transport.Assignment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One registered agent: its identity and the queue of items (offers, cancels) waiting for it.
 * Items stay queued until the agent acknowledges them in a later poll, so an answer lost on the way
 * is sent again; the agent skips sequence numbers it has seen, so nothing runs twice.
 */
final class Session {
  final String id;
  final AgentProtocol.Registration agent;
  private final ArrayDeque<AgentProtocol.Item> queue = new ArrayDeque<>();
  private long nextSeq = 1;
  private boolean closed;
  private boolean woken;
  private boolean polled;
  /** When ({@link System#nanoTime()}) the agent registered or last renewed its lease. */
  volatile long renewedAt = System.nanoTime();

  Session(String id, AgentProtocol.Registration agent) {
    this.id = id;
    this.agent = agent;
  }

  synchronized void offer(Assignment a) {
    queue.add(new AgentProtocol.Item(nextSeq++, a, null));
    notifyAll();
  }

  synchronized void cancel(long token) {
    queue.add(new AgentProtocol.Item(nextSeq++, null, token));
    notifyAll();
  }

  /**
   * Whether the agent never polled this session: then it has seen none of its items (it may never
   * have learned the session's id, when the answer to its registration was lost).
   */
  synchronized boolean neverPolled() {
    return !polled;
  }

  /**
   * Moves every item of {@code earlier}, a session its agent never polled, into this new one (in
   * their order, renumbered) and closes {@code earlier}: what was offered to the agent reaches it.
   */
  void takeOver(Session earlier) {
    List<AgentProtocol.Item> items;
    synchronized (earlier) {
      items = new ArrayList<>(earlier.queue);
      earlier.queue.clear();
      earlier.closed = true;
      earlier.notifyAll();
    }
    synchronized (this) {
      for (AgentProtocol.Item i : items) {
        queue.add(new AgentProtocol.Item(nextSeq++, i.offer(), i.cancel()));
      }
      notifyAll();
    }
  }

  /** The items not acknowledged yet (dropped when the agent polls with a later acknowledgement). */
  synchronized int queued() {
    return queue.size();
  }

  /** The session is gone (lease ran out): pollers return at once. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized boolean closed() {
    return closed;
  }

  /** Wakes the pollers (the run ended). */
  synchronized void wake() {
    woken = true;
    notifyAll();
  }

  /**
   * Drops the items up to {@code ack}, then returns those after it, waiting up to {@code waitMillis}
   * for one; an empty list when none came, or when the session closed or was woken.
   */
  synchronized List<AgentProtocol.Item> poll(long ack, long waitMillis) throws InterruptedException {
    polled = true;
    while (!queue.isEmpty() && queue.peekFirst().seq() <= ack) {
      queue.removeFirst();
    }
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (queue.isEmpty() && !closed && !woken) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return new ArrayList<>(queue);
  }
}
