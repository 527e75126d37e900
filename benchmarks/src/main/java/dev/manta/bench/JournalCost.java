package dev.manta.bench;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The journal's cost: one ALL task over {@code -Dnodes} nodes (default 2,000), each instance
 * publishing a small result (a forced entry), with a journal vs the same run without one.
 */
public final class JournalCost {
  public static final class Publish implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      ctx.results().add("v", 1);
    }
  }

  public static void main(String[] args) throws IOException {
    int nodes = Bench.intArg("nodes", 2_000);
    SwarmGraph g = Swarms.define("journal", s -> s.task(Publish.class, t -> t.alias("work").method(Method.ALL)));
    Path dir = Files.createTempDirectory("manta-bench");
    int[] n = {0};
    Runnable journaled = () -> {
      Path file = dir.resolve("run-" + (n[0]++) + ".jsonl");
      LocalRun.builder(g).nodes(nodes).journal(file).build().run().requireCompleted();
      try {
        Files.delete(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    Runnable plain = () -> LocalRun.builder(g).nodes(nodes).build().run().requireCompleted();
    Bench.compare("with a journal (" + nodes + " instances)", Bench.intArg("rounds", 3), journaled,
        "without", plain);
  }
}
