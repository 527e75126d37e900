package dev.manta.runtime.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes a {@link Journal} on a thread of its own, with group commit: entries queue in order, the
 * thread writes every queued entry (one gathering write) and then forces the file once for all of them that asked to be
 * durable, and completes their {@link CompletableFuture}s. Callers (the conductor, under its lock)
 * only enqueue; they wait for durability after releasing the lock. No agent thread ever touches the
 * file, so an interrupt left on an agent's thread cannot close it.
 *
 * <p>The queue is bounded ({@value #CAPACITY} entries): when the disk falls behind, the enqueuing
 * thread waits (bounded by {@value #OFFER_SECONDS} s, then the write fails). A write error fails
 * every pending and later entry and is reported once to the error handler (on a thread of its own).
 */
public final class JournalWriter implements AutoCloseable {
  static final int CAPACITY = 65_536;
  static final int OFFER_SECONDS = 60;
  private static final int BATCH = 4_096;

  private record Pending(JournalEntry entry, boolean force, CompletableFuture<Void> durable) {}

  private static final Pending STOP = new Pending(null, false, null);

  private final Journal journal;
  private final Consumer<RuntimeException> onError;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Thread thread;
  private volatile RuntimeException failure;
  private volatile boolean closed;
  private long forces;

  /**
   * @param journal the journal to append to (only this writer's thread touches it from now on)
   * @param onError told once when a write fails (on the writer's thread)
   */
  public JournalWriter(Journal journal, Consumer<RuntimeException> onError) {
    this.journal = journal;
    this.onError = onError;
    this.thread = new Thread(this::loop, "manta-journal");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues {@code entry}; the future completes once it is written (and, with {@code force}, on
   * disk), or fails with the write error.
   */
  public CompletableFuture<Void> append(JournalEntry entry, boolean force) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    RuntimeException f = failure;
    if (f != null) {
      durable.completeExceptionally(f);
      return durable;
    }
    if (closed) {
      durable.completeExceptionally(new JournalException("journal " + journal.file() + " is closed"));
      return durable;
    }
    boolean interrupted = false;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OFFER_SECONDS);
      while (true) {
        try {
          if (queue.offer(new Pending(entry, force, durable), Math.max(0, deadline - System.nanoTime()),
              TimeUnit.NANOSECONDS)) {
            return durable;
          }
          durable.completeExceptionally(new JournalException("journal " + journal.file() + ": the disk did not take"
              + " an entry within " + OFFER_SECONDS + " s (" + CAPACITY + " entries waiting)"));
          return durable;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many times the file was forced (for benchmarks and tests of group commit). */
  public synchronized long forces() {
    return forces;
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts this thread but close(), which queues STOP too
      }
      queue.drainTo(batch, BATCH - 1);
      boolean stop = false;
      boolean force = false;
      try {
        List<JournalEntry> lines = new ArrayList<>(batch.size());
        for (Pending p : batch) {
          if (p == STOP) {
            stop = true;
            continue;
          }
          if (failure != null) {
            p.durable.completeExceptionally(failure);
            continue;
          }
          lines.add(p.entry);
          force |= p.force;
        }
        // One write for the batch, then (when any entry asked for it) one force.
        journal.appendAll(lines);
        if (force && failure == null) {
          journal.force();
          synchronized (this) {
            forces++;
          }
        }
        for (Pending p : batch) {
          if (p != STOP && failure == null) {
            p.durable.complete(null);
          }
        }
      } catch (RuntimeException e) {
        boolean first = failure == null;
        failure = e;
        batch.stream().filter(p -> p != STOP).forEach(p -> p.durable.completeExceptionally(e));
        if (first) {
          // On a thread of its own: the handler takes the conductor's lock, which may be held by a
          // thread waiting for this writer.
          Thread report = new Thread(() -> {
            try {
              onError.accept(e);
            } catch (RuntimeException ignored) {
              // the handler's own failure changes nothing
            }
          }, "manta-journal-error");
          report.setDaemon(true);
          report.start();
        }
      }
      if (stop) {
        return;
      }
    }
  }

  /** Writes and forces what is queued, then stops the thread (waiting at most 30 s). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!queue.offer(STOP, 30, TimeUnit.SECONDS)) {
            return;
          }
          thread.join(TimeUnit.SECONDS.toMillis(30));
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure == null) {
        try {
          journal.force();
        } catch (RuntimeException ignored) {
          // reported by the next open
        }
      }
    }
  }

  /**
   * Waits until {@code durable} completes, at most {@code seconds}, ignoring (and keeping) an
   * interrupt of the calling thread: the caller's answer depends on the entry being on disk.
   *
   * @throws JournalException if the write failed or took longer
   */
  public static void await(CompletableFuture<Void> durable, long seconds) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      while (true) {
        try {
          durable.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof JournalException j ? j : new JournalException(String.valueOf(cause), cause);
        } catch (java.util.concurrent.TimeoutException e) {
          throw new JournalException("the journal did not make an entry durable within " + seconds + " s", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
