package dev.manta.runtime.cluster;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Flow;
import dev.manta.dsl.SwarmDefinition;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A three-iteration map/reduce swarm for the cluster tests, listed in the test index so the
 * conductor process finds it on its class path. While {@link #GATE} is set, the mapper of node-3
 * in iteration 2 waits for it (in the agents' JVM), so a test can kill the conductor mid-iteration.
 */
public final class ClusterDemo extends SwarmDefinition {
  /** Closed: node-3's mapper waits in iteration 2. */
  static volatile CountDownLatch gate;

  public ClusterDemo() {
    super("cluster_demo");
    setGlobal("offset", 0);
    setMaxIterations(5);
  }

  @Override
  protected Flow execute() {
    var mapper = task(Mapper.class, t -> t.alias("mapper").method(Method.ALL));
    var reducer = task(Reducer.class, t -> t.alias("reducer").method(Method.ANY));
    return reducer.after(mapper);
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
