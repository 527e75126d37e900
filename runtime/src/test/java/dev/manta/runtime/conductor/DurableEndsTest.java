package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.journal.JournalException;
import dev.manta.runtime.transport.AgentMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** An end held until its instance's results are durable, applied in batches, failed if they never are. */
class DurableEndsTest {
  private final List<Runnable> tasks = new ArrayList<>();
  private final List<List<DurableEnds.Held>> applied = new ArrayList<>();
  private final DurableEnds ends = new DurableEnds(tasks::add, applied::add);

  private static DurableEnds.Held held(String id, CompletableFuture<Void> results) {
    WorldStore.Instance instance = new WorldStore.Instance(id, 1, "a", "node-1", 1);
    return new DurableEnds.Held(instance, new AgentMessage.Ended(id, 7, true, null), results);
  }

  private void runTasks() {
    List<Runnable> now = new ArrayList<>(tasks);
    tasks.clear();
    now.forEach(Runnable::run);
  }

  @Test
  void anEndIsAppliedOnlyOnceItsResultsAreDurable() {
    CompletableFuture<Void> results = new CompletableFuture<>();
    ends.hold(held("1/a/node-1", results));
    runTasks();
    assertTrue(applied.isEmpty(), "applied before its results were on disk");
    results.complete(null);
    runTasks();
    assertEquals(1, applied.size());
    assertTrue(applied.get(0).get(0).effective().succeeded());
  }

  @Test
  void endsMadeDurableByOneForceAreAppliedAsOneBatch() {
    CompletableFuture<Void> force = new CompletableFuture<>();
    for (int i = 1; i <= 3; i++) {
      ends.hold(held("1/a/node-" + i, force));
    }
    force.complete(null);
    assertEquals(1, tasks.size(), "one drain scheduled for the three ends");
    runTasks();
    assertEquals(1, applied.size());
    assertEquals(3, applied.get(0).size());
  }

  @Test
  void anEndWhoseResultsTheJournalCouldNotWriteBecomesAFailure() {
    CompletableFuture<Void> results = new CompletableFuture<>();
    ends.hold(held("1/a/node-1", results));
    results.completeExceptionally(new JournalException("cannot write journal j: No space left on device"));
    runTasks();
    AgentMessage.Ended end = applied.get(0).get(0).effective();
    assertFalse(end.succeeded());
    assertTrue(end.error().contains("could not be written to the journal"), end.error());
    assertTrue(end.error().contains("No space left on device"), end.error());
    assertTrue(DurableEnds.failure(results) instanceof JournalException);
    assertEquals(7, end.token());
  }

  @Test
  void anEndWithoutResultsOrWithDurableOnesIsTheAgentsOwn() {
    AgentMessage.Ended end = new AgentMessage.Ended("1/a/node-1", 7, true, null);
    assertSame(end, DurableEnds.effective(end, null));
    assertSame(end, DurableEnds.effective(end, CompletableFuture.completedFuture(null)));
  }

  @Test
  void onlyALargeResultsAddWaitsForItsForce() {
    assertFalse(DurableEnds.awaitedByAdd(null));
    assertFalse(DurableEnds.awaitedByAdd(new byte[DurableEnds.AWAITED_BYTES - 1]));
    assertTrue(DurableEnds.awaitedByAdd(new byte[DurableEnds.AWAITED_BYTES]));
  }
}
