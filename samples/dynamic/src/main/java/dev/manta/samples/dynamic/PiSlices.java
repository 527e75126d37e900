package dev.manta.samples.dynamic;

/**
 * The work the dynamic swarm shares out: π as the integral of 4 / (1 + x²) over [0, 1] by the
 * midpoint rule with {@code steps} steps, cut into {@code workers} slices of consecutive steps.
 * The slices' sum does not depend on how many workers there are.
 */
public final class PiSlices {
  private PiSlices() {}

  /** Slice {@code index} (0-based) of {@code workers}: the sum over its steps. */
  public static double slice(int index, int workers, long steps) {
    if (workers < 1 || index < 0 || index >= workers) {
      throw new IllegalArgumentException("slice " + index + " of " + workers + " does not exist; index lies in 0.."
          + (workers - 1));
    }
    if (steps < workers) {
      throw new IllegalArgumentException(steps + " steps cannot be shared by " + workers + " workers; use at least "
          + workers + " steps");
    }
    long from = steps * index / workers;
    long to = steps * (index + 1) / workers;
    double h = 1.0 / steps;
    double sum = 0;
    for (long k = from; k < to; k++) {
      double x = (k + 0.5) * h;
      sum += 4.0 / (1.0 + x * x);
    }
    return sum * h;
  }
}
