package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTest {
  private static final SwarmGraph ONE = Swarms.define("ctx", s -> s.task(A.class, t -> t.alias("a")));

  @Test
  void worldTellsTheInstanceWhereItRuns() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    TaskBody where = ctx -> seen.add(ctx.world().swarmName() + " " + ctx.world().taskAlias() + " "
        + ctx.world().nodeId() + " " + ctx.world().iteration());
    LocalRun.builder(ONE).nodes(NodeSpec.of("only")).task(A.class, () -> where).build().run().requireCompleted();
    assertEquals(List.of("ctx a only 1"), seen);
  }

  @Test
  void readingADatasetTheNodeLacksSaysWhatToDo() {
    TaskBody reads = ctx -> ctx.local().path("digits");
    RunReport r = LocalRun.builder(ONE).nodes(1).task(A.class, () -> reads).build().run();
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("node 'node-1' has no dataset 'digits'")
        && failure.contains("Declare it in the module's datasets"), failure);
  }

  @Test
  void bytesOfAFolderDatasetPointsToList(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("digits"));
    TaskBody reads = ctx -> ctx.local().bytes("digits");
    RunReport r = LocalRun.builder(ONE).nodes(NodeSpec.of("n").withDataset("digits", folder))
        .task(A.class, () -> reads).build().run();
    assertTrue(r.failure().orElseThrow().contains("is a folder"), r.failure().orElseThrow());
  }

  @Test
  void aValueJacksonCannotWriteFailsTheInstanceWithTheReason() {
    TaskBody bad = ctx -> ctx.globals().set("socket", new Object());
    RunReport r = LocalRun.builder(ONE).nodes(1).task(A.class, () -> bad).build().run();
    assertTrue(r.failure().orElseThrow().contains("global 'socket': a java.lang.Object cannot be written as JSON"),
        r.failure().orElseThrow());
  }

  private static String failureOf(TaskBody body) {
    return LocalRun.builder(ONE).nodes(1).task(A.class, () -> body).build().run().failure().orElseThrow();
  }

  @Test
  void selectingAnIterationBeforeTheFirstOrAfterThisOneSaysWhatIterationsThereAre() {
    String zero = failureOf(ctx -> ctx.results().select(0, "v", Integer.class));
    assertTrue(zero.contains("IllegalArgumentException: iteration 0 does not exist: iterations count from 1 (the "
        + "original SDK's 0-based iteration k is k + 1 here); this instance runs in iteration 1"), zero);
    String later = failureOf(ctx -> ctx.results().select(2, "v", Integer.class));
    assertTrue(later.contains("iteration 2 has not run yet: this instance runs in iteration 1"), later);
    List<Object> own = Collections.synchronizedList(new ArrayList<>());
    LocalRun.builder(ONE).nodes(1).task(A.class, () -> ctx -> {
      ctx.results().add("v", 7);
      own.add(ctx.results().select(1, "v", Integer.class));
    }).build().run().requireCompleted();
    assertEquals(List.of(java.util.Map.of("a/node-1", 7)), own);
  }

  @Test
  void anUnsetGlobalNamesTheCloseOneOrSaysNoneIsSet() {
    String none = failureOf(ctx -> ctx.globals().get("epochs", Integer.class));
    assertTrue(none.contains("NoSuchElementException: global 'epochs' is not set; no global is set yet"), none);
    String typo = failureOf(ctx -> {
      ctx.globals().set("epochs", 3);
      ctx.globals().set("rate", 0.1);
      ctx.globals().get("epoch", Integer.class);
    });
    assertTrue(typo.contains("global 'epoch' is not set; did you mean 'epochs'? (known: epochs, rate)"), typo);
    String far = failureOf(ctx -> {
      ctx.globals().set("rate", 0.1);
      ctx.globals().get("zzzzzz", Integer.class);
    });
    assertTrue(far.contains("global 'zzzzzz' is not set; known: rate"), far);
  }

  @Test
  void listenersFollowTheRunAndABrokenOneDoesNotBreakIt() {
    SwarmGraph g = Swarms.define("follow", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
      var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
      s.flow(b.after(a));
    });
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    ProgressListener follow = new ProgressListener() {
      @Override
      public void iterationStarted(String swarm, int iteration) {
        events.add("iteration " + iteration);
      }

      @Override
      public void taskStarted(String alias, int iteration, List<String> nodes) {
        events.add("task " + alias + " " + nodes);
      }

      @Override
      public void instanceEnded(InstanceReport instance) {
        events.add("ended " + instance.id() + " " + instance.state());
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void iterationEnded(String swarm, int iteration) {
        events.add("iteration ended " + iteration);
      }

      @Override
      public void swarmEnded(RunReport report) {
        events.add("swarm " + report.status());
      }
    };
    LocalRun.builder(g).nodes(2).seed(1).listener(follow).build().run().requireCompleted();
    assertEquals("iteration 1", events.get(0));
    assertEquals("task a [node-1, node-2]", events.get(1));
    assertTrue(events.subList(2, 4).containsAll(List.of("ended 1/a/node-1 SUCCEEDED", "ended 1/a/node-2 SUCCEEDED")),
        events.toString());
    assertTrue(events.get(4).startsWith("task b ["), events.toString());
    assertEquals(List.of("iteration ended 1", "swarm COMPLETED"), events.subList(6, 8));
  }
}
