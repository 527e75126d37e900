package dev.manta.samples.fl;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled 8x8 digit images: 64 pixel counts in 0..16 per image and a class 0..9. Immutable: the
 * constructor copies its arrays and every accessor returns a copy or a single value.
 */
public final class Digits {
  /** Pixels per image (8x8). */
  public static final int FEATURES = 64;
  /** Digit classes 0..9. */
  public static final int CLASSES = 10;
  /** The largest pixel count. */
  public static final int MAX_PIXEL = 16;

  private final int[][] pixels;
  private final int[] labels;

  /**
   * @param pixels one row of {@value #FEATURES} values in 0..{@value #MAX_PIXEL} per image
   * @param labels one class in 0..9 per image
   */
  public Digits(int[][] pixels, int[] labels) {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (pixels.length != labels.length) {
      throw new IllegalArgumentException(pixels.length + " images but " + labels.length + " labels; give one label per image");
    }
    this.pixels = new int[pixels.length][];
    for (int i = 0; i < pixels.length; i++) {
      int[] row = pixels[i];
      if (row.length != FEATURES) {
        throw new IllegalArgumentException("image " + i + " has " + row.length + " pixels; an 8x8 image has " + FEATURES);
      }
      for (int v : row) {
        if (v < 0 || v > MAX_PIXEL) {
          throw new IllegalArgumentException("image " + i + " has pixel value " + v + "; values lie in 0.." + MAX_PIXEL);
        }
      }
      if (labels[i] < 0 || labels[i] >= CLASSES) {
        throw new IllegalArgumentException("image " + i + " has label " + labels[i] + "; labels lie in 0..9");
      }
      this.pixels[i] = row.clone();
    }
    this.labels = labels.clone();
  }

  /** The number of images. */
  public int size() {
    return labels.length;
  }

  /** The class of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** The pixels of image {@code i} (a copy). */
  public int[] pixels(int i) {
    return pixels[i].clone();
  }

  /** Image {@code i} as model input: pixels scaled to [0, 1]. */
  public double[] features(int i) {
    double[] x = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      x[j] = pixels[i][j] / (double) MAX_PIXEL;
    }
    return x;
  }

  /** How many images each class has, indexed by class. */
  public int[] classCounts() {
    int[] counts = new int[CLASSES];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The images at {@code indices}, in that order. */
  public Digits subset(int[] indices) {
    int[][] p = new int[indices.length][];
    int[] l = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      p[k] = pixels[indices[k]];
      l[k] = labels[indices[k]];
    }
    return new Digits(p, l);
  }

  /** The images of {@code parts}, one after the other. */
  public static Digits concat(java.util.List<Digits> parts) {
    int n = parts.stream().mapToInt(Digits::size).sum();
    int[][] p = new int[n][];
    int[] l = new int[n];
    int k = 0;
    for (Digits d : parts) {
      for (int i = 0; i < d.size(); i++, k++) {
        p[k] = d.pixels[i];
        l[k] = d.labels[i];
      }
    }
    return new Digits(p, l);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digits d && Arrays.deepEquals(pixels, d.pixels) && Arrays.equals(labels, d.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(pixels) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "Digits[" + size() + " images, per class " + Arrays.toString(classCounts()) + "]";
  }
}
