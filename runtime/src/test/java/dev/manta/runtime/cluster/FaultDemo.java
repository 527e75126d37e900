package dev.manta.runtime.cluster;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Flow;
import dev.manta.dsl.SwarmDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A three-iteration map/reduce swarm for the fault tests (listed in the test index so a conductor
 * process finds it). Its values depend only on the iteration, the node and the globals, so an
 * interrupted run must end exactly like an uninterrupted one. Tests hold it at a point with
 * {@link #GATES}: {@code map-I-N} (node N's mapper of iteration I, before it adds its result) and
 * {@code reduced-I} (the reducer of iteration I, after it set {@code sum_I} and before
 * {@code nodes_I}). With global {@code blob} &gt; 0 the mapper of node-2 in iteration 2 logs
 * {@code uploading} and then adds a result of that many characters.
 */
public final class FaultDemo extends SwarmDefinition {
  /** Closed latches the tasks wait at (in the agents' JVM), by point name. */
  static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  public FaultDemo() {
    super("fault_demo");
    setGlobal("offset", 0);
    setGlobal("blob", 0);
    setMaxIterations(5);
  }

  static void pass(String point) throws InterruptedException {
    CountDownLatch g = GATES.get(point);
    if (g != null && !g.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never opened gate " + point);
    }
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
      int blob = ctx.globals().get("blob", Integer.class);
      pass("map-" + iteration + "-" + node);
      if (blob > 0 && iteration == 2 && node == 2) {
        ctx.log().info("uploading %d characters", blob);
        StringBuilder b = new StringBuilder(blob);
        for (int i = 0; i < blob; i++) {
          b.append((char) ('a' + (i * 7 + iteration) % 26));
        }
        ctx.results().add("blob", b.toString());
      }
      ctx.results().add("part", iteration * 100 + node + offset);
      ctx.log().info("mapped %d", iteration * 100 + node + offset);
    }
  }

  public static final class Reducer implements TaskBody {
    @Override
    public void run(TaskContext ctx) throws Exception {
      int iteration = ctx.world().iteration();
      int sum = ctx.results().select("part", Integer.class).values().stream().mapToInt(Integer::intValue).sum();
      ctx.globals().set("sum_" + iteration, sum);
      pass("reduced-" + iteration);
      ctx.globals().set("nodes_" + iteration, ctx.results().select("part", Integer.class).keySet());
      if (iteration < 3) {
        ctx.world().scheduleNextIteration(List.of(), "mapper");
      }
    }
  }
}
