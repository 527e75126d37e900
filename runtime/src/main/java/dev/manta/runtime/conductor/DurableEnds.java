package dev.manta.runtime.conductor;

import dev.manta.runtime.transport.AgentMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Ends of instances whose results are not on disk yet. An agent's {@code results().add} returns
 * once the conductor has queued the result for the journal; the instance's end takes effect (its
 * {@code instance-ended} entry, the listener, the next task's offers, the run's end) only once the
 * journal has forced every result the instance added. The agent's thread does not wait: many
 * instances' results share one force (group commit over every instance in flight, not only the
 * agents blocked in a call).
 *
 * <p>Ends whose results became durable are applied in batches, one lock acquisition each, on the
 * given executor (the conductor's timer thread); the journal writer's thread only queues them.
 */
final class DurableEnds {
  /**
   * From how many bytes of JSON a result's {@code add} waits for its force as well: the write of a
   * line that large costs more than the force it would share, and results queued unforced without
   * bound would pile up in memory (a round of 1,000 results of 100 KB of doubles is ~240 MB of
   * text) and be copied by every young collection until written.
   */
  static final int AWAITED_BYTES = 64 << 10;

  /** Whether the add of a result whose journal text is {@code prepared} waits for its force. */
  static boolean awaitedByAdd(byte[] prepared) {
    return prepared != null && prepared.length >= AWAITED_BYTES;
  }

  /** An agent's end of {@code instance}, held until {@code results} (its last result's write) completes. */
  record Held(WorldStore.Instance instance, AgentMessage.Ended message, CompletableFuture<Void> results) {
    /** The end to apply: the agent's own, or a failure if the journal could not write the results. */
    AgentMessage.Ended effective() {
      return DurableEnds.effective(message, results);
    }
  }

  /**
   * {@code end} as it may take effect once {@code results} (the write of the instance's last
   * result, or {@code null}) has completed: unchanged, or, if the journal failed to write the
   * results, a failed end naming the journal's error (a result that never reached the disk never
   * counts as published).
   */
  static AgentMessage.Ended effective(AgentMessage.Ended end, CompletableFuture<Void> results) {
    RuntimeException failure = failure(results);
    return failure == null ? end : new AgentMessage.Ended(end.instanceId(), end.token(), false,
        "its results could not be written to the journal: " + failure.getMessage());
  }

  /** The journal's error if {@code results} (a write, or {@code null}) failed, else {@code null}. */
  static RuntimeException failure(CompletableFuture<Void> results) {
    if (results == null || !results.isCompletedExceptionally()) {
      return null;
    }
    Throwable e = results.handle((ok, failed) -> failed instanceof CompletionException c ? c.getCause() : failed)
        .join();
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  private final Executor executor;
  private final Consumer<List<Held>> apply;
  private final ConcurrentLinkedQueue<Held> ready = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param executor where ready ends are applied
   * @param apply applies a batch of ends whose results are durable (or whose journal failed)
   */
  DurableEnds(Executor executor, Consumer<List<Held>> apply) {
    this.executor = executor;
    this.apply = apply;
  }

  /** Holds {@code end} until its results' write completes (normally or not), then applies it. */
  void hold(Held end) {
    end.results().whenComplete((ok, failed) -> {
      ready.add(end);
      schedule();
    });
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // the run is over: nothing is left to apply
      }
    }
  }

  private void drain() {
    scheduled.set(false); // an end queued from here on schedules another drain
    List<Held> batch = new ArrayList<>();
    for (Held h = ready.poll(); h != null; h = ready.poll()) {
      batch.add(h);
    }
    if (!batch.isEmpty()) {
      apply.accept(batch);
    }
  }
}
