package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The run-wide limits a conductor is given (what {@code -Dmanta.taskTimeout} and the run builder's
 * settings end up as): the smallest accepted value of each, and the refusal of anything below it.
 */
class RunLimitsTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static String refusal(Duration taskTimeout, Duration slowNotice, int resultIterations, int maxResultBytes) {
    return assertThrows(IllegalArgumentException.class,
        () -> new Conductor.Limits(taskTimeout, slowNotice, resultIterations, maxResultBytes)).getMessage();
  }

  @Test
  void theSmallestLimitsAreAccepted() {
    Conductor.Limits least = new Conductor.Limits(Duration.ofMillis(1), Duration.ofMillis(1), 0, 1);
    assertEquals(Duration.ofMillis(1), least.taskTimeout());
    assertEquals(Duration.ofMillis(1), least.slowNotice());
    assertEquals(0, least.resultIterations());
    assertEquals(1, least.maxResultBytes());
  }

  @Test
  void theDefaultsAreAnHourAMinuteOneIterationAnd256MiB() {
    assertEquals(new Conductor.Limits(Duration.ofHours(1), MINUTE, 1, 256 * 1024 * 1024), Conductor.Limits.DEFAULT);
  }

  @Test
  void limitsBelowTheSmallestAreRefusedNamingTheValue() {
    assertEquals("resultIterations must be 0 or more, not -1", refusal(MINUTE, MINUTE, -1, 1));
    assertEquals("maxResultBytes must be at least 1, not 0", refusal(MINUTE, MINUTE, 1, 0));
    assertEquals("taskTimeout must be positive, not PT0S", refusal(Duration.ZERO, MINUTE, 1, 1));
    assertEquals("taskTimeout must be positive, not PT-1S", refusal(Duration.ofSeconds(-1), MINUTE, 1, 1));
    assertEquals("slowNotice must be positive, not PT0S", refusal(MINUTE, Duration.ZERO, 1, 1));
    assertEquals("slowNotice must be positive, not PT-1S", refusal(MINUTE, Duration.ofSeconds(-1), 1, 1));
  }
}
