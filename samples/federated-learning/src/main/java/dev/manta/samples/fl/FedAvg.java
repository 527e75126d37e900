package dev.manta.samples.fl;

import java.util.Map;
import java.util.Objects;

/**
 * Federated averaging (McMahan et al., 2017): the new global model is the average of the nodes'
 * models, each weighted by the number of images it trained on.
 */
public final class FedAvg {
  private FedAvg() {}

  /**
   * The sample-weighted average of {@code weights}.
   *
   * @param weights each node's model, by node id
   * @param samples each node's image count, by node id; must cover every node of {@code weights}
   */
  public static double[] average(Map<String, double[]> weights, Map<String, ? extends Number> samples) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(samples, "samples");
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("no node published weights this round; nothing to average");
    }
    int length = -1;
    double total = 0;
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      double[] w = e.getValue();
      if (w == null) {
        throw new IllegalArgumentException("node '" + e.getKey() + "' published no weights");
      }
      if (length >= 0 && w.length != length) {
        throw new IllegalArgumentException("node '" + e.getKey() + "' published " + w.length + " weights, others "
            + length + "; every node must train the same model");
      }
      length = w.length;
      Number n = samples.get(e.getKey());
      if (n == null) {
        throw new IllegalArgumentException("node '" + e.getKey() + "' published weights but no sample count; "
            + "publish both \"weights\" and \"samples\"");
      }
      if (n.doubleValue() < 0) {
        throw new IllegalArgumentException("node '" + e.getKey() + "' reports " + n + " samples; counts are >= 0");
      }
      total += n.doubleValue();
    }
    if (total <= 0) {
      throw new IllegalArgumentException("the nodes trained on 0 images in total; give them data");
    }
    double[] out = new double[length];
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      double share = samples.get(e.getKey()).doubleValue() / total;
      double[] w = e.getValue();
      for (int j = 0; j < length; j++) {
        out[j] += share * w[j];
      }
    }
    return out;
  }

  /** The seed of a node's local shuffle in a round: fixed by the swarm seed, the node and the round. */
  public static long localSeed(long seed, String nodeId, int round) {
    long h = seed * 0x9E3779B97F4A7C15L + nodeId.hashCode();
    return h * 31 + round;
  }
}
