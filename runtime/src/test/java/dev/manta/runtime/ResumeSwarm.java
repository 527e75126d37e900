package dev.manta.runtime;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A three-iteration map/reduce swarm for resume tests, runnable in its own JVM through
 * {@link #main}. Mappers on node-5 and node-6 in iteration 2 wait for a gate file: without it, the
 * run stays mid-iteration with some results committed, where a test can kill it.
 */
public final class ResumeSwarm {
  private ResumeSwarm() {}

  /** How often each instance id was run in this JVM. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  static SwarmGraph graph() {
    return Swarms.define("resume_demo", s -> {
      s.maxIterations(10);
      var mapper = s.task(Mapper.class, t -> t.alias("mapper").method(Method.ALL));
      var reducer = s.task(Reducer.class, t -> t.alias("reducer").method(Method.ANY));
      s.flow(reducer.after(mapper));
    });
  }

  static LocalRun.Builder builder(Path journal, Path gate) {
    return LocalRun.builder(graph()).nodes(6).seed(3).parallelism(8).journal(journal)
        .task(Mapper.class, () -> new Mapper(gate)).task(Reducer.class, Reducer::new);
  }

  private static void count(TaskContext ctx) {
    RUNS.computeIfAbsent(ctx.world().iteration() + "/" + ctx.world().taskAlias() + "/" + ctx.world().nodeId(),
        k -> new AtomicInteger()).incrementAndGet();
  }

  static final class Mapper implements TaskBody {
    private final Path gate;

    Mapper(Path gate) {
      this.gate = gate;
    }

    @Override
    public void run(TaskContext ctx) throws Exception {
      count(ctx);
      int node = Integer.parseInt(ctx.world().nodeId().substring("node-".length()));
      int iteration = ctx.world().iteration();
      ctx.results().add("part", iteration * 100 + node);
      if (iteration == 2 && node >= 5) {
        while (!Files.exists(gate)) {
          Thread.sleep(20);
        }
      }
      ctx.log().info("mapped %d", iteration * 100 + node);
    }
  }

  static final class Reducer implements TaskBody {
    @Override
    public void run(TaskContext ctx) {
      count(ctx);
      int iteration = ctx.world().iteration();
      int total = 0;
      for (int i = 1; i <= iteration; i++) {
        total += ctx.results().select(i, "part", Integer.class).values().stream().mapToInt(Integer::intValue).sum();
      }
      ctx.globals().set("total", total);
      ctx.globals().set("iteration_" + iteration, ctx.results().select("part", Integer.class).keySet());
      if (iteration == 1) {
        ctx.world().scheduleNextIteration(List.of(), "mapper");
      } else if (iteration == 2) {
        ctx.world().scheduleNextIteration(Set.of("node-1", "node-2", "node-3", "node-4"), "mapper");
      }
    }
  }

  /** {@code ResumeSwarm <journal> <gate>}: runs the swarm on that journal. */
  public static void main(String[] args) {
    RunReport report = builder(Path.of(args[0]), Path.of(args[1])).build().run();
    System.out.println(report);
  }
}
