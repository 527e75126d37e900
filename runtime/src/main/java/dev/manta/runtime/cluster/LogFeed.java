package dev.manta.runtime.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The conductor's log: progress lines and task log lines, numbered from 1, the last
 * {@link #KEPT} kept in memory, read by long poll.
 */
final class LogFeed {
  static final int KEPT = 100_000;
  /** The most lines one page holds. */
  static final int PAGE = 1_000;
  private final ArrayDeque<LogPage.Line> lines = new ArrayDeque<>();
  private long last;
  private boolean ended;

  synchronized void add(String text) {
    lines.add(new LogPage.Line(++last, text));
    if (lines.size() > KEPT) {
      lines.removeFirst();
    }
    notifyAll();
  }

  /** No line will follow: pollers return at once. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** The lines after {@code after}, waiting up to {@code waitMillis} for one. */
  synchronized LogPage page(long after, long waitMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (last <= after && !ended) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    List<LogPage.Line> out = new ArrayList<>();
    for (LogPage.Line l : lines) {
      if (l.seq() > after) {
        out.add(l);
        if (out.size() == PAGE) {
          break;
        }
      }
    }
    long next = out.isEmpty() ? Math.max(after, 0) : out.get(out.size() - 1).seq();
    return new LogPage(out, next, ended && next >= last);
  }
}
