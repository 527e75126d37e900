package dev.manta.samples.fl;

import java.util.Random;

/**
 * Multinomial logistic (softmax) regression on digits, as plain math on {@code double[]} weights so
 * the same code runs inside a task and in a test.
 *
 * <p>The weights are {@value #PARAMETERS} numbers: for each class {@code c} a row of
 * {@value Digits#FEATURES} pixel weights then its bias, at {@code c * } {@value #ROW} … Inputs are
 * pixels scaled to [0, 1].
 */
public final class SoftmaxRegression {
  /** Weights per class: one per pixel plus a bias. */
  public static final int ROW = Digits.FEATURES + 1;
  /** The length of a weight vector. */
  public static final int PARAMETERS = ROW * Digits.CLASSES;

  private SoftmaxRegression() {}

  /**
   * Settings of local training.
   *
   * @param learningRate the SGD step size, &gt; 0
   * @param epochs passes over the local data, &ge; 1
   * @param batchSize images per step, &ge; 1
   * @param l2 weight decay on the pixel weights (not the biases), &ge; 0
   */
  public record Hyperparameters(double learningRate, int epochs, int batchSize, double l2) {
    public Hyperparameters {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("learning rate is " + learningRate + "; use a positive step such as 0.5");
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs is " + epochs + "; train at least 1 epoch");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size is " + batchSize + "; use at least 1");
      }
      if (!(l2 >= 0)) {
        throw new IllegalArgumentException("l2 is " + l2 + "; use 0 for none or a small positive value");
      }
    }
  }

  /** The all-zero starting point (every class equally likely). */
  public static double[] zeros() {
    return new double[PARAMETERS];
  }

  /**
   * Runs {@code h.epochs()} epochs of mini-batch SGD on the cross-entropy loss from {@code weights}
   * and returns the new weights ({@code weights} is not changed). {@code seed} fixes the order of
   * the images in each epoch.
   */
  public static double[] train(double[] weights, Digits data, Hyperparameters h, long seed) {
    requireShape(weights);
    double[] w = weights.clone();
    if (data.size() == 0) {
      return w;
    }
    double[][] x = new double[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      x[i] = data.features(i);
    }
    int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
    Random random = new Random(seed);
    double[] gradient = new double[PARAMETERS];
    double[] p = new double[Digits.CLASSES];
    for (int epoch = 0; epoch < h.epochs(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < order.length; start += h.batchSize()) {
        int end = Math.min(order.length, start + h.batchSize());
        java.util.Arrays.fill(gradient, 0);
        for (int k = start; k < end; k++) {
          int i = order[k];
          probabilities(w, x[i], p);
          p[data.label(i)] -= 1; // d loss / d logit = p - onehot
          for (int c = 0; c < Digits.CLASSES; c++) {
            int base = c * ROW;
            double g = p[c];
            for (int j = 0; j < Digits.FEATURES; j++) {
              gradient[base + j] += g * x[i][j];
            }
            gradient[base + Digits.FEATURES] += g;
          }
        }
        double scale = h.learningRate() / (end - start);
        for (int c = 0; c < Digits.CLASSES; c++) {
          int base = c * ROW;
          for (int j = 0; j < Digits.FEATURES; j++) {
            w[base + j] -= scale * gradient[base + j] + h.learningRate() * h.l2() * w[base + j];
          }
          w[base + Digits.FEATURES] -= scale * gradient[base + Digits.FEATURES];
        }
      }
    }
    return w;
  }

  /** The class probabilities of input {@code x} (pixels scaled to [0, 1]). */
  public static double[] probabilities(double[] weights, double[] x) {
    requireShape(weights);
    double[] p = new double[Digits.CLASSES];
    probabilities(weights, x, p);
    return p;
  }

  private static void probabilities(double[] w, double[] x, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < Digits.CLASSES; c++) {
      int base = c * ROW;
      double z = w[base + Digits.FEATURES];
      for (int j = 0; j < Digits.FEATURES; j++) {
        z += w[base + j] * x[j];
      }
      out[c] = z;
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int c = 0; c < Digits.CLASSES; c++) {
      out[c] = Math.exp(out[c] - max);
      sum += out[c];
    }
    for (int c = 0; c < Digits.CLASSES; c++) {
      out[c] /= sum;
    }
  }

  /** The most likely class of image {@code i} of {@code data}. */
  public static int predict(double[] weights, Digits data, int i) {
    double[] p = probabilities(weights, data.features(i));
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /** The share of {@code data} predicted correctly, in [0, 1]. */
  public static double accuracy(double[] weights, Digits data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot measure accuracy on no images; give a non-empty test set");
    }
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      if (predict(weights, data, i) == data.label(i)) {
        correct++;
      }
    }
    return correct / (double) data.size();
  }

  /** The mean cross-entropy of {@code data} under {@code weights}. */
  public static double loss(double[] weights, Digits data) {
    double sum = 0;
    for (int i = 0; i < data.size(); i++) {
      double[] p = probabilities(weights, data.features(i));
      sum -= Math.log(Math.max(p[data.label(i)], 1e-300));
    }
    return data.size() == 0 ? 0 : sum / data.size();
  }

  /** Throws a clear error unless {@code weights} has {@value #PARAMETERS} finite numbers. */
  public static void requireShape(double[] weights) {
    if (weights == null) {
      throw new IllegalArgumentException("weights are missing; start from SoftmaxRegression.zeros()");
    }
    if (weights.length != PARAMETERS) {
      throw new IllegalArgumentException("weights have " + weights.length + " numbers; softmax regression on 8x8 digits has "
          + PARAMETERS + " (10 classes x (64 pixels + bias))");
    }
    for (double v : weights) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("weights contain " + v + "; training diverged, lower the learning rate");
      }
    }
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
