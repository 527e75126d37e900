package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.journal.JournalWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal writer writes a batch of lines with few writes, in order, whatever their sizes. */
class JournalBatchWriteTest {
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // runs seconds: more than -Pmutation's default test timeout
  void linesOfEverySizeKeepTheirOrderAndChecksumsInOneBatch(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batch.jsonl");
    List<JournalEntry> written = new ArrayList<>();
    // small lines, lines that fill the gathering buffer, and lines larger than half of it (written alone)
    int[] sizes = {10, 600_000, 10, 10, 300_000, 300_000, 300_000, 700_000, 2_000_000, 10, 5};
    for (int i = 0; i < 60; i++) {
      int size = sizes[i % sizes.length];
      written.add(new JournalEntry.LogLine("1/t/node-" + i, "INFO", String.valueOf((char) ('a' + i % 26)).repeat(size)));
    }
    try (Journal journal = Journal.open(file)) {
      JournalWriter writer = new JournalWriter(journal, e -> { });
      CompletableFuture<Void> last = null;
      for (JournalEntry e : written) {
        last = writer.append(e, false);
      }
      last = writer.append(new JournalEntry.IterationStarted(1), true);
      JournalWriter.await(last, 60);
      writer.close();
    }
    List<JournalEntry> read = Journal.readAll(file); // checks every line's sequence number and checksum
    assertEquals(written.size() + 1, read.size());
    assertEquals(written, read.subList(0, written.size()));
    try (Journal again = Journal.open(file)) {
      again.append(new JournalEntry.IterationStarted(2), true); // the chain goes on after a batch
    }
    assertEquals(written.size() + 2, Journal.readAll(file).size());
  }

  /**
   * One batch handed to the journal at once (as the writer's thread does when entries queue up):
   * small lines gathered until the buffer is full, a large line written alone after the small ones
   * before it, and the file reads back in order with its chain intact.
   */
  @Test
  void oneBatchOfSmallAndLargeLinesIsWrittenInOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one-batch.jsonl");
    List<JournalEntry> batch = new ArrayList<>();
    int[] sizes = {10, 600_000, 10, 400_000, 400_000, 400_000, 10, 524_288, 10, 300_000, 5};
    for (int i = 0; i < sizes.length; i++) {
      batch.add(new JournalEntry.LogLine("1/t/node-" + i, "INFO", String.valueOf((char) ('a' + i)).repeat(sizes[i])));
    }
    try (Journal journal = Journal.open(file)) {
      journal.appendAll(batch);
      journal.appendAll(List.of(new JournalEntry.IterationStarted(1)));
    }
    List<JournalEntry> read = Journal.readAll(file);
    assertEquals(batch, read.subList(0, batch.size()));
    assertEquals(new JournalEntry.IterationStarted(1), read.get(batch.size()));
  }
}
