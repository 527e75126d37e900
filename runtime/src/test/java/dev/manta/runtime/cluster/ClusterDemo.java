package dev.manta.runtime.cluster;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Flow;
import dev.manta.dsl.SwarmDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A three-iteration map/reduce swarm for the cluster tests, listed in the test index so the
 * conductor process finds it on its class path. While {@link #GATE} is set, the mapper of node-3
 * in iteration 2 waits for it (in the agents' JVM), so a test can kill the conductor mid-iteration.
 * When the environment names a {@link #BUILD_GATE} file, building the graph (in the conductor
 * process, after it listens) first writes {@code <gate>.waiting}, then waits (at most two minutes)
 * until the gate file exists, so a test can act while the conductor is still building its run.
 */
public final class ClusterDemo extends SwarmDefinition {
  /** Closed: node-3's mapper waits in iteration 2. */
  static volatile CountDownLatch gate;

  public ClusterDemo() {
    super("cluster_demo");
    setGlobal("offset", 0);
    setMaxIterations(5);
  }

  /** The environment variable naming the file whose creation lets the graph be built. */
  static final String BUILD_GATE = "MANTA_TEST_BUILD_GATE";

  @Override
  protected Flow execute() {
    awaitBuildGate();
    var mapper = task(Mapper.class, t -> t.alias("mapper").method(Method.ALL));
    var reducer = task(Reducer.class, t -> t.alias("reducer").method(Method.ANY));
    return reducer.after(mapper);
  }

  private static void awaitBuildGate() {
    String gate = System.getenv(BUILD_GATE);
    if (gate == null) {
      return;
    }
    Path file = Path.of(gate);
    try {
      Files.writeString(Path.of(gate + ".waiting"), "building\n");
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.exists(file)) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("the test never created the build gate " + file);
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the build gate", e);
    }
  }

  public static final class Mapper implements TaskBody {
    @Override
    public void run(TaskContext ctx) throws Exception {
      int node = Integer.parseInt(ctx.world().nodeId().substring("node-".length()));
      int iteration = ctx.world().iteration();
      int offset = ctx.globals().get("offset", Integer.class);
      CountDownLatch g = gate;
      if (iteration == 2 && node == 3 && g != null && !g.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
      ctx.results().add("part", iteration * 100 + node + offset);
      ctx.log().info("mapped %d", iteration * 100 + node + offset);
    }
  }

  public static final class Reducer implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      int iteration = ctx.world().iteration();
      int sum = ctx.results().select("part", Integer.class).values().stream().mapToInt(Integer::intValue).sum();
      ctx.globals().set("sum_" + iteration, sum);
      ctx.globals().set("nodes_" + iteration, ctx.results().select("part", Integer.class).keySet());
      if (iteration < 3) {
        ctx.world().scheduleNextIteration(List.of(), "mapper");
      }
    }
  }
}
