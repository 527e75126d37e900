package dev.manta.samples.fl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Splits digits into a stratified held-out test set and non-IID shards, one per node, and writes
 * them as the dataset folders the local runtime reads: {@code root/node-1/digits.csv} …
 * {@code root/node-N/digits.csv} (dataset {@code digits}) and {@code root/test/digits-test.csv}
 * (dataset {@code digits-test}, held by a node of its own that only the evaluator needs).
 *
 * <p>Non-IID by sort-and-shard: the training images are sorted by class, cut into
 * {@code 2 × nodes} equal shards, and each node gets two shards picked at random, so a node sees
 * mostly two or three classes. Everything is a function of the seed: same seed, same files.
 */
public final class DigitsPartitioner {
  /** The share of each class held out for testing. */
  public static final double TEST_FRACTION = 0.2;
  /** Shards each node gets; the fewer, the more skewed its classes. */
  public static final int SHARDS_PER_NODE = 2;
  /** The dataset each training node holds. */
  public static final String TRAIN_DATASET = "digits";
  /** The dataset the evaluator's node holds. */
  public static final String TEST_DATASET = "digits-test";

  private DigitsPartitioner() {}

  /**
   * A split: one training shard per node (index 0 is {@code node-1}) and the held-out test set.
   *
   * @param nodes the shards, by node
   * @param test the held-out images
   */
  public record Split(List<Digits> nodes, Digits test) {
    public Split {
      nodes = List.copyOf(nodes);
    }

    /** The folder name of node {@code index} (0-based): {@code node-1} … */
    public static String nodeId(int index) {
      return "node-" + (index + 1);
    }
  }

  /** Splits {@code all} for {@code nodes} nodes. */
  public static Split split(Digits all, int nodes, long seed) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes is " + nodes + "; split across at least 1 node");
    }
    Random random = new Random(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int c = 0; c < Digits.CLASSES; c++) {
      final int label = c;
      List<Integer> ofClass = new ArrayList<>(IntStream.range(0, all.size()).filter(i -> all.label(i) == label).boxed().toList());
      Collections.shuffle(ofClass, random);
      int held = (int) Math.round(ofClass.size() * TEST_FRACTION);
      test.addAll(ofClass.subList(0, held));
      train.addAll(ofClass.subList(held, ofClass.size()));
    }
    int shards = nodes * SHARDS_PER_NODE;
    if (train.size() < shards) {
      throw new IllegalArgumentException(nodes + " nodes need at least " + shards + " training images; there are "
          + train.size() + ". Use fewer nodes");
    }
    // train is grouped by class already, each class in shuffled order: cut it into equal shards.
    train.sort(Comparator.comparingInt(all::label));
    List<Integer> shardOrder = new ArrayList<>(IntStream.range(0, shards).boxed().toList());
    Collections.shuffle(shardOrder, random);
    List<Digits> byNode = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      List<Integer> mine = new ArrayList<>();
      for (int s = 0; s < SHARDS_PER_NODE; s++) {
        int shard = shardOrder.get(n * SHARDS_PER_NODE + s);
        int from = (int) ((long) shard * train.size() / shards);
        int to = (int) ((long) (shard + 1) * train.size() / shards);
        mine.addAll(train.subList(from, to));
      }
      Collections.shuffle(mine, random);
      byNode.add(all.subset(mine.stream().mapToInt(Integer::intValue).toArray()));
    }
    Collections.shuffle(test, random);
    return new Split(byNode, all.subset(test.stream().mapToInt(Integer::intValue).toArray()));
  }

  /**
   * Splits the bundled UCI digits and writes {@code root/node-<k>/digits.csv} for k = 1..nodes and
   * {@code root/test/digits-test.csv}; returns the split written.
   */
  public static Split writeNodeFolders(Path root, int nodes, long seed) throws IOException {
    Split split = split(DigitsCsv.bundled(), nodes, seed);
    removeEarlierFolders(root);
    for (int n = 0; n < nodes; n++) {
      DigitsCsv.write(root.resolve(Split.nodeId(n)).resolve(TRAIN_DATASET + ".csv"), split.nodes().get(n));
    }
    DigitsCsv.write(root.resolve("test").resolve(TEST_DATASET + ".csv"), split.test());
    return split;
  }

  /**
   * Deletes the folders an earlier call wrote ({@code node-<k>} and {@code test}), so a run with
   * fewer nodes than the last one does not pick up stale shards. Other entries are left alone.
   */
  private static void removeEarlierFolders(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> earlier;
    try (Stream<Path> entries = Files.list(root)) {
      earlier = entries.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().matches("node-\\d+|test")).toList();
    }
    for (Path folder : earlier) {
      List<Path> inside;
      try (Stream<Path> walk = Files.walk(folder)) {
        inside = walk.sorted(Comparator.reverseOrder()).toList();
      }
      for (Path p : inside) {
        Files.delete(p);
      }
    }
  }

  /** {@code DigitsPartitioner <root folder> [nodes = 8] [seed = 42]}: writes the node folders. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: DigitsPartitioner <root folder> [nodes = 8] [seed = 42]");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42L;
    Split split = writeNodeFolders(root, nodes, seed);
    for (int n = 0; n < nodes; n++) {
      Digits d = split.nodes().get(n);
      System.out.printf("%s: %d images, per class %s%n", root.resolve(Split.nodeId(n)), d.size(),
          Arrays.toString(d.classCounts()));
    }
    System.out.printf("%s: %d images%n", root.resolve("test"), split.test().size());
  }
}
