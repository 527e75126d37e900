package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each problem issue 7 found by running the engine as a new user would, reproduced: copies that
 * overwrote each other, tasks that hung the run, errors that were never reported, an interrupt
 * flag that closed the journal.
 */
class SeenAsANewUserTest {
  @TempDir
  Path dir;

  /**
   * Swallows the first interrupt (the timeout's) and keeps blocking, as a task stuck in I/O would;
   * only the transport's shutdown at the end of the run (a second interrupt) lets it go.
   */
  private static final TaskBody NEVER_RETURNS = ctx -> {
    CountDownLatch never = new CountDownLatch(1);
    int interrupts = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (interrupts < 2 && System.nanoTime() < end) {
      try {
        never.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        interrupts++;
      }
    }
  };

  @Test
  void tenCopiesOnFourNodesKeepAllTenResults() {
    SwarmGraph g = Swarms.define("copies", s -> {
      var mappers = s.copies(A.class, 10, t -> t.alias("mapper").method(Method.ANY));
      s.task(B.class, t -> t.alias("reducer").maximum(1)).after(mappers);
    });
    TaskBody map = ctx -> ctx.results().add("counts", ctx.world().taskAlias());
    TaskBody reduce = ctx -> {
      Map<String, String> all = ctx.results().select("counts", String.class);
      ctx.globals().set("seen", all.size());
      ctx.globals().set("keys", all.keySet());
    };
    RunReport r = local(g, 4).task(A.class, () -> map).task(B.class, () -> reduce).build().run().requireCompleted();
    assertEquals(10, r.global("seen", Integer.class));
    @SuppressWarnings("unchecked")
    List<String> keys = r.global("keys", List.class);
    // The key is <alias>/<node>: every copy keeps its own value, also where copies share a node.
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 10; i++) {
      String alias = "mapper_" + i;
      expected.add(alias + "/" + r.nodes(alias, 1).first());
    }
    assertEquals(expected, new TreeSet<>(keys));
    assertEquals(10, r.results(1, "counts").size());
    assertTrue(keys.stream().map(dev.manta.Results::nodeOf).distinct().count() <= 4);
  }

  @Test
  void anInstanceThatNeverReturnsTimesOutAndAllGoesOnWithTheRest() {
    SwarmGraph g = Swarms.define("hang", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ALL).timeout(Duration.ofMillis(300)));
      s.task(B.class, t -> t.alias("b").maximum(1)).after(a);
    });
    TaskBody a = ctx -> {
      if (ctx.world().nodeId().equals("node-2")) {
        NEVER_RETURNS.run(ctx);
      }
      ctx.results().add("ran", ctx.world().nodeId());
    };
    RunReport r = local(g, 3).task(A.class, () -> a).build().run().requireCompleted();
    InstanceReport stuck = r.instances("a", 1).stream().filter(i -> i.node().equals("node-2")).findFirst()
        .orElseThrow();
    assertEquals(InstanceState.TIMED_OUT, stuck.state());
    assertTrue(stuck.error().contains("timeout of 300ms"), stuck.error());
    assertEquals(Set.of("node-1", "node-3"), r.succeededNodes("a", 1));
    assertEquals(1, r.succeededNodes("b", 1).size());
  }

  @Test
  @Timeout(30) // the stuck task gives its thread back only after 120 s
  void instancesQueuedBehindOneThatNeverReturnsRunOnceItTimesOut() {
    // One agent thread: the stuck instance holds it, and the others wait in the local pool's queue
    // until the timeout's cancel gives the pool a thread in its place.
    SwarmGraph g = Swarms.define("queued", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)
        .timeout(Duration.ofMillis(300))));
    Set<String> first = ConcurrentHashMap.newKeySet();
    TaskBody a = ctx -> {
      if (first.isEmpty() && first.add(ctx.world().nodeId())) {
        NEVER_RETURNS.run(ctx);
      }
    };
    RunReport r = local(g, 4).parallelism(1).task(A.class, () -> a).build().run().requireCompleted();
    String stuck = first.iterator().next();
    assertEquals(InstanceState.TIMED_OUT, r.instances("a", 1).stream().filter(i -> i.node().equals(stuck))
        .findFirst().orElseThrow().state());
    Set<String> others = new TreeSet<>(Set.of("node-1", "node-2", "node-3", "node-4"));
    others.remove(stuck);
    assertEquals(others, r.succeededNodes("a", 1));
  }

  @Test
  void anyMovesToAnotherNodeWhenItsInstanceTimesOut() {
    SwarmGraph g = Swarms.define("hang_any", s -> s.task(A.class, t -> t.alias("a").method(Method.ANY).maximum(2)));
    Set<String> first = ConcurrentHashMap.newKeySet();
    TaskBody a = ctx -> {
      if (first.isEmpty() && first.add(ctx.world().nodeId())) {
        NEVER_RETURNS.run(ctx);
      }
    };
    RunReport r = local(g, 3).taskTimeout(Duration.ofMillis(300)).task(A.class, () -> a).build().run()
        .requireCompleted();
    List<InstanceReport> tries = r.instances("a", 1);
    assertEquals(List.of(InstanceState.TIMED_OUT, InstanceState.SUCCEEDED),
        tries.stream().map(InstanceReport::state).toList());
  }

  @Test
  void aTaskOwnTimeoutOverridesTheRunDefault() {
    SwarmGraph g = Swarms.define("own", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL).timeout("10m")));
    CountDownLatch noticed = new CountDownLatch(1);
    TaskBody a = ctx -> Fixtures.await(noticed, "a notice");
    // The run default (50 ms) would time it out; the task's 10m does not, and the notice lets it end.
    RunReport r = local(g, 1).taskTimeout(Duration.ofMillis(50)).slowNotice(Duration.ofMillis(100))
        .listener(new ProgressListener() {
          @Override
          public void instanceStillRunning(InstanceReport instance, Duration running) {
            noticed.countDown();
          }
        }).task(A.class, () -> a).build().run().requireCompleted();
    assertEquals(Set.of("node-1"), r.succeededNodes("a", 1));
  }

  @Test
  void progressNamesAnInstanceThatRunsLongerThanTheNotice() {
    SwarmGraph g = Swarms.define("slow", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    CountDownLatch noticed = new CountDownLatch(1);
    List<String> named = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskBody a = ctx -> {
      if (ctx.world().nodeId().equals("node-2")) {
        Fixtures.await(noticed, "the slow-instance notice");
      }
    };
    RunReport r = local(g, 3).slowNotice(Duration.ofMillis(100)).listener(new ProgressListener() {
      @Override
      public void instanceStillRunning(InstanceReport instance, Duration running) {
        named.add(instance.id() + " " + instance.state());
        noticed.countDown();
      }
    }).task(A.class, () -> a).build().run().requireCompleted();
    assertTrue(named.contains("1/a/node-2 RUNNING"), named.toString());
    assertEquals(3, r.succeededNodes("a", 1).size());
  }

  @Test
  void aResultOverTheSizeLimitIsRefusedWithAClearErrorAndTheOthersGoOn() {
    SwarmGraph g = Swarms.define("big", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    TaskBody a = ctx -> ctx.results().add("w", new double[ctx.world().nodeId().equals("node-1") ? 1_000 : 10]);
    RunReport r = local(g, 2).maxResultBytes(1_000).task(A.class, () -> a).build().run().requireCompleted();
    InstanceReport big = r.instances("a", 1).get(0);
    assertEquals(InstanceState.FAILED, big.state());
    assertTrue(big.error().contains("result 'w' of instance 1/a/node-1 is 4001 bytes of JSON, over the limit of 1000"
        + " bytes; publish a smaller value"), big.error());
    assertEquals(Set.of("a/node-2"), r.results(1, "w").keySet());
  }

  @Test
  void anOutOfMemoryErrorOrAnyErrorEndsItsInstanceAsFailed() {
    SwarmGraph g = Swarms.define("errors", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    class Custom extends Error {
      Custom() {
        super("not in any catch list");
      }
    }
    TaskBody a = ctx -> {
      switch (ctx.world().nodeId()) {
        case "node-1" -> throw new OutOfMemoryError("Java heap space (simulated)");
        case "node-2" -> throw new Custom();
        default -> ctx.results().add("ok", 1);
      }
    };
    RunReport r = local(g, 3).task(A.class, () -> a).build().run().requireCompleted();
    assertEquals(Set.of("node-1", "node-2"), r.failedNodes("a", 1));
    Map<String, String> errors = r.instances("a", 1).stream().filter(i -> i.error() != null)
        .collect(Collectors.toMap(InstanceReport::node, InstanceReport::error));
    assertTrue(errors.get("node-1").startsWith("java.lang.OutOfMemoryError: Java heap space"), errors.toString());
    assertTrue(errors.get("node-2").contains("not in any catch list"), errors.toString());
  }

  @Test
  void aTaskThatLeavesItsInterruptFlagSetStillPublishesAndTheJournalStaysOpen() {
    SwarmGraph g = Swarms.define("flag", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
      s.task(B.class, t -> t.alias("b").maximum(1)).after(a);
    });
    TaskBody a = ctx -> {
      Thread.currentThread().interrupt();
      ctx.results().add("v", 1);
      ctx.globals().set("g_" + ctx.world().nodeId(), true);
    };
    TaskBody b = ctx -> ctx.globals().set("sum", ctx.results().select("v", Integer.class).size());
    Path file = dir.resolve("flag.jsonl");
    RunReport r = local(g, 3).journal(file).task(A.class, () -> a).task(B.class, () -> b).build().run()
        .requireCompleted();
    assertEquals(3, r.global("sum", Integer.class));
    List<JournalEntry> entries = Journal.readAll(file);
    assertEquals(3, entries.stream().filter(e -> e instanceof JournalEntry.ResultAdded).count());
    assertTrue(entries.get(entries.size() - 1) instanceof JournalEntry.SwarmEnded s && s.status().equals("COMPLETED"));
  }
}
