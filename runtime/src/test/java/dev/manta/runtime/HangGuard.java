package dev.manta.runtime;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * How long a test waits for something that should happen (an offer, a run's end, a latch inside a
 * task) before it fails naming what never happened: the one bound of the runtime tests' waits.
 *
 * <p>A normal build waits up to a minute, generous for a loaded CI machine: the waits end as soon as
 * what they wait for happens, so the bound only decides how a hang fails. Mutation testing
 * ({@code -Pmutation}) sets {@code -Dmanta.test.hangGuard} short (see {@code manta.pit.hangGuard} in
 * {@code runtime/pom.xml}): a mutant that stops the run's progress then fails the test with "never
 * happened: ..." instead of hanging until PIT's own timeout, which counts it killed without saying
 * which behaviour broke. The same profile gives every test a JUnit timeout a little longer than this
 * bound ({@code junit.jupiter.execution.timeout.default}) for the waits no helper here guards (a
 * {@code LocalRun.run()} whose instances never end): its interrupt ends such a run {@code FAILED}.
 */
public final class HangGuard {
  /** The system property: a bound such as {@code 2s}, {@code 1500ms} or {@code PT2S}. */
  public static final String PROPERTY = "manta.test.hangGuard";

  /** The bound of a normal build. */
  static final Duration GENEROUS = Duration.ofSeconds(60);

  private static final Duration BOUND = parse(System.getProperty(PROPERTY));

  private HangGuard() {}

  static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return GENEROUS;
    }
    String v = value.trim();
    Duration d;
    if (v.startsWith("PT") || v.startsWith("pt")) {
      d = Duration.parse(v);
    } else if (v.endsWith("ms")) {
      d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
    } else if (v.endsWith("s")) {
      d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
    } else {
      d = Duration.ofSeconds(Long.parseLong(v));
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(PROPERTY + " must be positive, not " + value);
    }
    return d;
  }

  /** How long a test waits for one thing to happen. */
  public static Duration bound() {
    return BOUND;
  }

  /** {@link #bound()} in whole seconds, at least 1 (for APIs that take seconds). */
  public static long seconds() {
    return Math.max(1, BOUND.toSeconds());
  }

  private static String never(String what) {
    return "never happened: " + what + " (waited " + BOUND.toMillis() + " ms, -D" + PROPERTY + ")";
  }

  /** The next element of {@code queue}; fails the test if none comes. */
  public static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
    T t = queue.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    if (t == null) {
      throw new AssertionError(never(what));
    }
    return t;
  }

  /** The value of {@code future}; fails the test if it does not complete. */
  public static <T> T get(Future<T> future, String what) throws InterruptedException, ExecutionException {
    try {
      return future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(never(what));
    }
  }

  /**
   * Waits for {@code latch}; a missing count-down throws {@link IllegalStateException} (inside a
   * task it fails the task, and so the run, instead of hanging it).
   */
  public static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(never(what));
    }
  }

  /** Waits until {@code condition} holds, checking every 10 ms; fails the test if it never does. */
  public static void until(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(never(what));
      }
      Thread.sleep(10);
    }
  }
}
