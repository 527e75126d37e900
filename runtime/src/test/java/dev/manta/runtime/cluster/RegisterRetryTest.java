package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An agent whose conductor does not answer yet retries its registration after a short wait, never at once. */
class RegisterRetryTest {
  @Test
  void everyRetryWaitsAndTheWaitIsBounded() {
    long previous = 0;
    for (int attempt = 0; attempt <= 100; attempt++) {
      long millis = ClusterAgent.registerRetryMillis(attempt);
      assertTrue(millis > 0, "attempt " + attempt + " would retry at once");
      assertTrue(millis >= previous, "attempt " + attempt + " waits less than the one before");
      assertTrue(millis <= ClusterAgent.MAX_REGISTER_RETRY.toMillis(), "attempt " + attempt + " waits " + millis + " ms");
      previous = millis;
    }
    assertEquals(ClusterAgent.MAX_REGISTER_RETRY.toMillis(), ClusterAgent.registerRetryMillis(Integer.MAX_VALUE));
  }
}
