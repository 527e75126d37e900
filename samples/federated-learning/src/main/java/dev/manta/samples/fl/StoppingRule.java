package dev.manta.samples.fl;

/**
 * When federated training ends: once the test accuracy reaches {@code threshold}, or after
 * {@code maxRounds} rounds.
 *
 * @param threshold the target accuracy, in (0, 1]
 * @param maxRounds the round limit, &ge; 1
 */
public record StoppingRule(double threshold, int maxRounds) {
  public StoppingRule {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("accuracy threshold is " + threshold + "; use a value in (0, 1], e.g. 0.9");
    }
    if (maxRounds < 1) {
      throw new IllegalArgumentException("max rounds is " + maxRounds + "; run at least 1 round");
    }
  }

  /** Whether training ends after {@code round} (1-based) reached {@code accuracy}. */
  public boolean done(int round, double accuracy) {
    return accuracy >= threshold || round >= maxRounds;
  }
}
