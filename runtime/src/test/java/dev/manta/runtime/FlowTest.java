package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.await;
import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Condition;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.Fixtures.C;
import dev.manta.runtime.Fixtures.D;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.RunReport;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlowTest {
  @Test
  void resultConditionStartsTheDownstreamBeforeTheUpstreamFinishes() {
    SwarmGraph g = Swarms.define("flow", s -> {
      var up = s.task(A.class, t -> t.alias("up").method(Method.ALL));
      var down = s.task(B.class, t -> t.alias("down").method(Method.ANY));
      s.flow(down.after(Condition.RESULT, up));
    });
    CountDownLatch downstreamRan = new CountDownLatch(1);
    TaskBody upstream = ctx -> {
      ctx.results().add("part", 1);
      // No upstream instance can end before the downstream has run: only RESULT lets it start.
      await(downstreamRan, "downstream start");
    };
    TaskBody downstream = ctx -> {
      ctx.results().add("seen", ctx.results().select("part", Integer.class).size());
      downstreamRan.countDown();
    };
    RunReport r = local(g, 3).task(A.class, () -> upstream).task(B.class, () -> downstream).build().run()
        .requireCompleted();
    assertEquals(3, r.succeededNodes("up", 1).size());
    int seen = r.results(1, "seen", Integer.class).values().iterator().next();
    assertTrue(seen >= 1 && seen <= 3, "saw " + seen);
  }

  @Test
  void finishedConditionWaitsForEveryUpstreamInstance() {
    SwarmGraph g = Swarms.define("flow", s -> {
      var up = s.task(A.class, t -> t.alias("up").method(Method.ALL));
      var down = s.task(B.class, t -> t.alias("down").method(Method.ANY));
      s.flow(down.after(up));
    });
    AtomicInteger upEnded = new AtomicInteger();
    TaskBody upstream = ctx -> {
      ctx.results().add("part", 1);
      upEnded.incrementAndGet();
    };
    TaskBody downstream = ctx -> {
      ctx.results().add("ended", upEnded.get());
      ctx.results().add("seen", ctx.results().select("part", Integer.class).size());
    };
    RunReport r = local(g, 6).task(A.class, () -> upstream).task(B.class, () -> downstream).build().run()
        .requireCompleted();
    assertEquals(6, r.results(1, "ended", Integer.class).values().iterator().next());
    assertEquals(6, r.results(1, "seen", Integer.class).values().iterator().next());
  }

  @Test
  void diamondRunsBothBranchesAtOnceAndJoinsAfterBoth() {
    SwarmGraph g = Swarms.define("diamond", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ANY));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ALL));
      var c = s.task(C.class, t -> t.alias("c").method(Method.ANY));
      var d = s.task(D.class, t -> t.alias("d").method(Method.ANY));
      s.flow(d.after(b.after(a), c.after(a)));
    });
    // Two of b's instances and c's one meet at a barrier: it only opens if they run concurrently.
    CyclicBarrier barrier = new CyclicBarrier(3);
    TaskBody meet = ctx -> {
      barrier.await(60, TimeUnit.SECONDS);
      ctx.results().add(ctx.world().taskAlias(), ctx.world().nodeId());
    };
    TaskBody join = ctx -> {
      ctx.results().add("joined", ctx.results().select("b", String.class).size()
          + ctx.results().select("c", String.class).size());
    };
    RunReport r = local(g, 2).task(B.class, () -> meet).task(C.class, () -> meet).task(D.class, () -> join)
        .build().run().requireCompleted();
    assertEquals(3, r.results(1, "joined", Integer.class).values().iterator().next());
    assertEquals(1, r.instances("d").size());
    assertEquals(1, r.instances("a").size());
  }

  @Test
  void diamondWithAResultEdgeJoinsOnlyAfterTheFinishedBranch() {
    SwarmGraph g = Swarms.define("diamond", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
      var c = s.task(C.class, t -> t.alias("c").method(Method.ANY));
      var d = s.task(D.class, t -> t.alias("d").method(Method.ANY));
      b.after(Condition.RESULT, a);
      c.after(a);
      s.flow(d.after(b, c));
    });
    TaskBody join = ctx -> ctx.results().add("a_parts", ctx.results().select("ran", String.class).size());
    RunReport r = local(g, 4).task(D.class, () -> join).build().run().requireCompleted();
    // "ran" holds a's four nodes plus b's and c's node (each overwrites its node's entry).
    assertTrue(r.results(1, "a_parts", Integer.class).values().iterator().next() >= 4);
    assertEquals(List.of("a", "b", "c", "d").size(), r.instances().stream().map(InstanceReport::alias).distinct().count());
  }
}
