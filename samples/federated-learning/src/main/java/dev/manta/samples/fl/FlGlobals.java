package dev.manta.samples.fl;

import dev.manta.Globals;

/** The names of the federated-learning swarm's globals, and typed reads of them. */
public final class FlGlobals {
  /** The global model: {@value SoftmaxRegression#PARAMETERS} doubles. */
  public static final String WEIGHTS = "weights";
  public static final String LEARNING_RATE = "learning_rate";
  public static final String EPOCHS = "epochs";
  public static final String BATCH_SIZE = "batch_size";
  public static final String L2 = "l2";
  /** Seeds the trainers' local shuffles. */
  public static final String SEED = "seed";
  /** Training stops once the test accuracy reaches this. */
  public static final String ACCURACY_THRESHOLD = "accuracy_threshold";
  /** Training stops after this many rounds at the latest. */
  public static final String MAX_ROUNDS = "max_rounds";
  /** The latest test accuracy, set by the evaluator. */
  public static final String ACCURACY = "accuracy";
  /** Test accuracy per round (index 0 is round 1), appended by the evaluator. */
  public static final String HISTORY = "history";
  /** The number of rounds run, set by the scheduler when training ends. */
  public static final String ROUNDS = "rounds";

  /** Result tags the trainers publish. */
  public static final String RESULT_WEIGHTS = "weights";
  public static final String RESULT_SAMPLES = "samples";

  private FlGlobals() {}

  /** The local-training settings from the globals. */
  public static SoftmaxRegression.Hyperparameters hyperparameters(Globals g) {
    return new SoftmaxRegression.Hyperparameters(
        g.get(LEARNING_RATE, Double.class),
        g.get(EPOCHS, Integer.class),
        g.get(BATCH_SIZE, Integer.class),
        g.find(L2, Double.class).orElse(0.0));
  }
}
