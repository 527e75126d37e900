package dev.manta.runtime.cluster;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;


import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Not a test: a loopback run of P7's shape to profile (-Dp7.probe=true); prints times, asserts nothing about them. */
@EnabledIfSystemProperty(named = "p7.probe", matches = "true")
class ResultThroughputProbe {
  @TempDir
  Path dir;

  public static final class A implements TaskBody {
    @Override
    public void run(dev.manta.TaskContext ctx) { }
  }

  public static final class B implements TaskBody {
    @Override
    public void run(dev.manta.TaskContext ctx) { }
  }

  @Test
  void probe() {
    int rounds = Integer.getInteger("p7.rounds", 6);
    int results = 16;
    byte[] blob = new byte[1 << 20];
    new Random(1).nextBytes(blob);
    SwarmGraph g = Swarms.define("probe", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ANY));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
      s.flow(b.after(a));
    });
    List<NodeSpec> nodes = Nodes.count(2);
    for (int round = 0; round < rounds; round++) {
      long[] add = new long[1];
      long[] sel = new long[1];
      TaskBody producer = ctx -> {
        long t0 = System.nanoTime();
        for (int i = 0; i < results; i++) {
          ctx.results().add("r" + i, blob);
        }
        add[0] = System.nanoTime() - t0;
      };
      TaskBody consumer = ctx -> {
        long t0 = System.nanoTime();
        for (int i = 0; i < results; i++) {
          Map<String, byte[]> m = ctx.results().select("r" + i, byte[].class);
          if (!Arrays.equals(m.values().iterator().next(), blob)) {
            throw new IllegalStateException("bytes differ");
          }
        }
        sel[0] = System.nanoTime() - t0;
      };
      LoopbackCluster cluster = new LoopbackCluster(nodes, List.of(A.class.getName(), B.class.getName()),
          new TaskFactories(Map.of(A.class.getName(), () -> producer, B.class.getName(), () -> consumer),
              getClass().getClassLoader()), Duration.ofSeconds(10));
      try (Journal journal = Journal.open(dir.resolve("run" + round + ".jsonl"))) {
        new Conductor(g, Map.of(), nodes, 1, cluster, journal, null).run().requireCompleted();
      } finally {
        cluster.http.shutdown();
      }
      System.out.printf("P7PROBE round %d add %d ms select %d ms MiB/s %.1f%n", round, add[0] / 1_000_000,
          sel[0] / 1_000_000, 2.0 * results / ((add[0] + sel[0]) / 1e9));
    }
  }
}
