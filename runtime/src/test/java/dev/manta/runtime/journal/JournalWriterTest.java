package dev.manta.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.HangGuard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's writer thread: entries in order, the file forced only for entries that ask for it
 * (once per batch), everything queued written on close, and a write error failing every entry and
 * reported once.
 */
class JournalWriterTest {
  @TempDir
  Path dir;

  private static JournalEntry entry(int i) {
    return new JournalEntry.IterationStarted(i);
  }

  @Test
  void onlyEntriesThatAskForItForceTheFile() throws Exception {
    Path file = dir.resolve("run.jsonl");
    try (Journal journal = Journal.open(file); JournalWriter writer = new JournalWriter(journal, e -> { })) {
      CompletableFuture<Void> last = null;
      for (int i = 1; i <= 3; i++) {
        last = writer.append(entry(i), false);
      }
      JournalWriter.await(last, HangGuard.seconds());
      assertEquals(0, writer.forces(), "unforced entries are written, not forced");
      JournalWriter.await(writer.append(entry(4), true), HangGuard.seconds());
      assertEquals(1, writer.forces(), "one force for the batch");
      assertEquals(List.of(entry(1), entry(2), entry(3), entry(4)), Journal.readAll(file));
    }
  }

  @Test
  void closeWritesEverythingQueuedAndLaterAppendsFail() throws Exception {
    Path file = dir.resolve("run.jsonl");
    List<JournalEntry> expected = new ArrayList<>();
    try (Journal journal = Journal.open(file)) {
      java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
      // started by a thread that would keep the JVM alive (threads inherit that), as a run's main thread does
      CompletableFuture<JournalWriter> started = new CompletableFuture<>();
      Thread starter = new Thread(() -> started.complete(new JournalWriter(journal, e -> { })));
      starter.setDaemon(false);
      starter.start();
      JournalWriter writer = started.get(HangGuard.seconds(), java.util.concurrent.TimeUnit.SECONDS);
      Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("manta-journal")
          && !before.contains(t)).findFirst().orElseThrow();
      assertTrue(thread.isDaemon(), "the writer never keeps the JVM alive");
      // about 10 MB queued: close has to wait for the writer to get through it
      for (int i = 1; i <= 1_000; i++) {
        JournalEntry line = i % 100 == 0 ? entry(i) : new JournalEntry.LogLine("1/a/node-1", "INFO", "x".repeat(10_000));
        writer.append(line, i % 100 == 0);
        expected.add(line);
      }
      writer.close();
      assertEquals(expected, Journal.readAll(file), "close writes what was queued before it returns");
      writer.close(); // twice is harmless
      thread.join(5_000);
      assertFalse(thread.isAlive(), "close stops the thread");
      CompletableFuture<Void> late = writer.append(entry(0), true);
      JournalException e = assertThrows(JournalException.class, () -> JournalWriter.await(late, 5));
      assertEquals("journal " + file + " is closed", e.getMessage());
    }
  }

  @Test
  void aWriteErrorFailsEveryEntryAndIsReportedOnce() throws Exception {
    Path file = dir.resolve("run.jsonl");
    Journal journal = Journal.open(file);
    List<RuntimeException> reported = Collections.synchronizedList(new ArrayList<>());
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    JournalWriter writer = new JournalWriter(journal, e -> {
      reported.add(e);
      threads.add(Thread.currentThread().getName());
      throw new IllegalStateException("a failing handler changes nothing");
    });
    JournalWriter.await(writer.append(entry(1), true), HangGuard.seconds());
    journal.close(); // the file goes away under the writer
    CompletableFuture<Void> failed = writer.append(entry(2), true);
    JournalException e = assertThrows(JournalException.class, () -> JournalWriter.await(failed, HangGuard.seconds()));
    assertTrue(e.getMessage().startsWith("cannot write journal " + file + ": "), e.getMessage());
    HangGuard.until(() -> !reported.isEmpty(), "the write error reported to the handler");
    CompletableFuture<Void> after = writer.append(entry(3), false);
    assertTrue(after.isCompletedExceptionally(), "later entries fail at once");
    ExecutionException cause = assertThrows(ExecutionException.class, after::get);
    assertSame(e, cause.getCause(), "with the same error");
    writer.close();
    Thread.sleep(50);
    assertEquals(1, reported.size(), "reported once");
    assertSame(e, reported.get(0));
    assertEquals(List.of("manta-journal-error"), threads, "on a thread of its own");
    assertEquals(List.of(entry(1)), Journal.readAll(file));
  }

  @Test
  void awaitingSaysWhyAnEntryIsNotDurable() {
    CompletableFuture<Void> never = new CompletableFuture<>();
    JournalException late = assertThrows(JournalException.class, () -> JournalWriter.await(never, 0));
    assertEquals("the journal did not make an entry durable within 0 s", late.getMessage());

    JournalException own = new JournalException("disk full");
    assertSame(own, assertThrows(JournalException.class,
        () -> JournalWriter.await(CompletableFuture.failedFuture(own), 5)));

    IllegalStateException other = new IllegalStateException("odd");
    JournalException wrapped = assertThrows(JournalException.class,
        () -> JournalWriter.await(CompletableFuture.failedFuture(other), 5));
    assertEquals("java.lang.IllegalStateException: odd", wrapped.getMessage());
    assertSame(other, wrapped.getCause());
  }

  @Test
  void anInterruptedCallerStillWaitsAndKeepsItsInterrupt() throws Exception {
    Path file = dir.resolve("run.jsonl");
    try (Journal journal = Journal.open(file); JournalWriter writer = new JournalWriter(journal, e -> { })) {
      Thread.currentThread().interrupt();
      CompletableFuture<Void> durable = writer.append(entry(1), true);
      assertTrue(Thread.currentThread().isInterrupted(), "append keeps the interrupt");
      JournalWriter.await(durable, HangGuard.seconds());
      assertTrue(Thread.interrupted(), "await keeps the interrupt (and this clears it)");
      assertTrue(durable.isDone() && !durable.isCompletedExceptionally());
      CompletableFuture<Void> slow = new CompletableFuture<>();
      Thread.currentThread().interrupt();
      new Thread(() -> {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ignored) {
          // ends early
        }
        slow.complete(null);
      }).start();
      JournalWriter.await(slow, HangGuard.seconds());
      assertTrue(slow.isDone(), "an interrupt does not cut the wait short");
      assertTrue(Thread.interrupted());
    }
    assertEquals(List.of(entry(1)), Journal.readAll(file));
  }
}
