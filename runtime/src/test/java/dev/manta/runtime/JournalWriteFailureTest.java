package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.conductor.Conductor;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.local.LocalTransport;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal the disk refuses: the run ends FAILED naming the journal and the disk's error, and
 * nothing hangs. The failure is real: the journal is a symbolic link to {@code /dev/full}, where
 * every write fails with "No space left on device" (ENOSPC), as on a full disk.
 */
class JournalWriteFailureTest {
  private static final Path FULL = Path.of("/dev/full");
  private static final SwarmGraph TWO = Swarms.define("full-disk", s -> {
    var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
    var b = s.task(B.class, t -> t.alias("b").method(Method.ANY));
    s.flow(b.after(a));
  });

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void aJournalOnAFullDiskEndsTheRunFailedWithTheDisksError() throws Exception {
    assumeTrue(Files.isWritable(FULL), "needs a writable /dev/full (Linux)");
    Path journal = Files.createSymbolicLink(dir.resolve("run.jsonl"), FULL);
    TaskBody work = ctx -> ctx.results().add("part", ctx.world().nodeId());
    RunReport r = local(TWO, 4).task(A.class, () -> work).task(B.class, () -> work).journal(journal).build().run();
    assertEquals(RunStatus.FAILED, r.status(), r.toString());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("the journal cannot be written"), failure);
    assertTrue(failure.contains(journal.toString()), failure);
    assertTrue(failure.contains("No space left on device"), failure);
  }

  private static final AtomicReference<Journal> JOURNAL = new AtomicReference<>();

  /**
   * The journal's file is closed under a running conductor (as when its disk goes away): the
   * instance that then publishes a result is refused, the run ends FAILED naming the closed
   * channel, and nothing waits for a write that can no longer happen.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a timing assertion
  void aJournalClosedUnderARunningConductorEndsTheRunFailed() {
    SwarmGraph one = Swarms.define("closed-disk", s -> s.task(A.class, t -> t.alias("a").method(Method.ALL)));
    TaskBody work = ctx -> {
      if (ctx.world().nodeId().equals("node-1")) {
        JOURNAL.get().close();
      }
      ctx.results().add("part", ctx.world().nodeId());
    };
    List<NodeSpec> nodes = Nodes.count(4);
    Journal journal = Journal.open(dir.resolve("run.jsonl"));
    JOURNAL.set(journal);
    LocalTransport transport = new LocalTransport(nodes,
        new TaskFactories(Map.of(A.class.getName(), () -> work), getClass().getClassLoader()), 4, false);
    RunReport r = new Conductor(one, Map.of(), nodes, 1, transport, journal, null).run();
    assertEquals(RunStatus.FAILED, r.status(), r.toString());
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("the journal cannot be written"), failure);
    // AsynchronousCloseException (a ClosedChannelException) when the close lands during a write.
    assertTrue(failure.contains("ClosedChannelException") || failure.contains("AsynchronousCloseException"), failure);
  }
}
