package dev.manta.runtime;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Path;

/** A child JVM's main for {@link ExitGuardTest}: node-2's task calls {@code System.exit(0)}. */
public final class ExitSwarm {
  private ExitSwarm() {}

  public static void main(String[] args) {
    SwarmGraph g = Swarms.define("exits", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    TaskBody exits = ctx -> {
      if (ctx.world().nodeId().equals("node-2")) {
        System.exit(0);
      }
    };
    RunReport r = LocalRun.builder(g).nodes(3).journal(Path.of(args[0])).task(A.class, () -> exits)
        .onExit(report -> System.out.println("HANDLER " + report.status() + " " + report.failure().orElse("")))
        .build().run();
    System.out.println("RETURNED " + r.status());
  }
}
