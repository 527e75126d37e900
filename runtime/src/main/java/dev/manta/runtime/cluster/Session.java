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
