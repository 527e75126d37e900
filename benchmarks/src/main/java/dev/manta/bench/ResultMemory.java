package dev.manta.bench;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.report.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap held by results: FedAvg-shaped rounds over {@code -Dnodes} nodes (default 1,000), each
 * trainer publishing {@code -Dkb} KB of doubles (default 100), an aggregator reading them all;
 * {@code -Drounds} rounds (default 3); {@code -Djournal=1} runs it with a journal. Prints the heap after each round (after GC) against the raw
 * size of one round's results, the baseline: "growth per round / raw" is how many bytes the engine
 * keeps per byte of result.
 */
public final class ResultMemory {
  static int kb = 100;

  public static final class Train implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      double[] w = new double[kb * 1024 / 8];
      java.util.Arrays.fill(w, ctx.world().iteration() + 0.123456789);
      ctx.results().add("w", w);
    }
  }

  public static final class Aggregate implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      Map<String, double[]> all = ctx.results().select("w", double[].class);
      ctx.globals().set("n_" + ctx.world().iteration(), all.size());
      if (ctx.world().iteration() < Bench.intArg("rounds", 3)) {
        ctx.world().scheduleNextIteration(List.of(), "train");
      }
    }
  }

  public static void main(String[] args) {
    int nodes = Bench.intArg("nodes", 1_000);
    kb = Bench.intArg("kb", 100);
    SwarmGraph g = Swarms.define("fedavg", s -> {
      var train = s.task(Train.class, t -> t.alias("train").method(Method.ALL));
      s.task(Aggregate.class, t -> t.alias("aggregate").maximum(1)).after(train);
    });
    System.out.println(Bench.build());
    long base = Bench.usedHeapAfterGc();
    List<Long> heap = new ArrayList<>();
    LocalRun.Builder b = LocalRun.builder(g).nodes(nodes);
    if (Bench.intArg("journal", 0) > 0) {
      try {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("manta-bench");
        b.journal(dir.resolve("memory.jsonl"));
        System.out.println("with a journal (earlier iterations' results may leave memory)");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    b.listener(new ProgressListener() {
      @Override
      public void iterationEnded(String swarm, int iteration) {
        heap.add(Bench.usedHeapAfterGc() - base);
      }
    }).build().run().requireCompleted();
    double raw = (double) nodes * kb * 1024;
    for (int i = 0; i < heap.size(); i++) {
      System.out.printf("after round %d: heap %.0f MB (raw results of one round: %.0f MB)%n", i + 1,
          heap.get(i) / 1e6, raw / 1e6);
    }
    double growth = (heap.get(heap.size() - 1) - heap.get(0)) / (double) Math.max(1, heap.size() - 1);
    System.out.printf("growth per round %.0f MB, ratio to raw %.2f; heap after round 1 / raw %.2f%n", growth / 1e6,
        growth / raw, heap.get(0) / raw);
  }
}
