package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.local.LocalTransport;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.ProgressListener;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result's {@code add} returns before the journal has forced it; the instance's end waits for it
 * (see docs/runtime.md, "Nothing committed is lost"). Whatever the conductor tells about an
 * instance that published results — the listener's {@code instanceEnded}, the next task's start,
 * the report — comes only after those results are in the journal, and an instance whose results
 * the journal could not write never counts as succeeded.
 */
class ResultDurabilityTest {
  private static final SwarmGraph A_THEN_B = Swarms.define("durable", s -> {
    var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
    var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
    s.flow(b.after(a));
  });

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void whenAnInstanceIsToldEndedItsResultsAreAlreadyInTheJournal() {
    Path file = dir.resolve("run.jsonl");
    List<String> missing = new CopyOnWriteArrayList<>();
    Set<String> checked = ConcurrentHashMap.newKeySet();
    TaskBody publish = ctx -> {
      ctx.results().add("one", ctx.world().nodeId());
      ctx.results().add("two", ctx.world().nodeId());
    };
    RunReport r = local(A_THEN_B, 40).task(A.class, () -> publish).journal(file).listener(new ProgressListener() {
      @Override
      public void instanceEnded(InstanceReport instance) {
        if (instance.state() != InstanceState.SUCCEEDED) {
          return;
        }
        long found = Journal.readAll(file).stream()
            .filter(e -> e instanceof JournalEntry.ResultAdded added && added.by().equals(instance.id())).count();
        if (found < (instance.alias().equals("a") ? 2 : 1)) {
          missing.add(instance.id() + " ended with " + found + " of its results in the journal");
        }
        checked.add(instance.id());
      }
    }).build().run().requireCompleted();
    assertEquals(41, checked.size(), r.summary());
    assertTrue(missing.isEmpty(), missing.toString());
  }

  /** A global's {@code set} returns once the journal holds it: a crash right after cannot lose it. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void whenAGlobalsSetReturnsItIsAlreadyInTheJournal() {
    Path file = dir.resolve("run.jsonl");
    List<String> missing = new CopyOnWriteArrayList<>();
    TaskBody set = ctx -> {
      String name = "g-" + ctx.world().nodeId();
      ctx.globals().set(name, 1);
      if (Journal.readAll(file).stream().noneMatch(e -> e instanceof JournalEntry.GlobalSet g && g.name().equals(name))) {
        missing.add(name);
      }
    };
    RunReport r = local(A_THEN_B, 20).task(A.class, () -> set).journal(file).build().run().requireCompleted();
    assertEquals(20, r.globals().size(), r.summary());
    assertTrue(missing.isEmpty(), "set returned before the journal held " + missing);
  }

  private static final AtomicReference<Journal> JOURNAL = new AtomicReference<>();

  /**
   * The journal's file is closed while the only instance of {@code a} runs, so its result (whose
   * {@code add} the conductor may already have accepted) never reaches the disk: the instance never
   * counts as succeeded, {@code b} (which would read it) never starts, and the run fails.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void anInstanceWhoseResultTheJournalCouldNotWriteNeverCountsAsSucceeded() {
    AtomicBoolean bRan = new AtomicBoolean();
    TaskBody a = ctx -> {
      JOURNAL.get().close();
      ctx.results().add("part", ctx.world().nodeId());
    };
    TaskBody b = ctx -> bRan.set(true);
    List<InstanceReport> told = new CopyOnWriteArrayList<>();
    List<NodeSpec> nodes = Nodes.count(1);
    Journal journal = Journal.open(dir.resolve("run.jsonl"));
    JOURNAL.set(journal);
    LocalTransport transport = new LocalTransport(nodes, new TaskFactories(Map.of(A.class.getName(), () -> a,
        B.class.getName(), () -> b), getClass().getClassLoader()), 2, false);
    RunReport r = new Conductor(A_THEN_B, Map.of(), nodes, 1, transport, journal, new ProgressListener() {
      @Override
      public void instanceEnded(InstanceReport instance) {
        told.add(instance);
      }
    }).run();
    assertEquals(RunStatus.FAILED, r.status(), r.toString());
    assertTrue(r.failure().orElseThrow().contains("the journal cannot be written"), r.toString());
    assertFalse(bRan.get(), "b started on a result that never reached the journal");
    assertTrue(told.stream().noneMatch(i -> i.state() == InstanceState.SUCCEEDED), told.toString());
    assertTrue(r.instances().stream().noneMatch(i -> i.state() == InstanceState.SUCCEEDED), r.summary());
  }
}
