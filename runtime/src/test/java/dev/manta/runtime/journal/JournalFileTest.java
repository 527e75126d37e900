package dev.manta.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.manta.graph.Json;
import dev.manta.runtime.report.InstanceState;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal file on its own: what opening (resuming) does to it, which last lines are cut off as
 * torn and which are errors, and the exact reasons it gives.
 */
class JournalFileTest {
  @TempDir
  Path dir;

  private static final List<JournalEntry> ENTRIES = List.of(
      new JournalEntry.IterationStarted(1),
      new JournalEntry.TaskStarted(1, "a", List.of("node-1")),
      new JournalEntry.InstanceAssigned("1/a/node-1", 1, "a", "node-1", 1),
      new JournalEntry.InstanceRunning("1/a/node-1"),
      new JournalEntry.GlobalSet("g", Json.toTree(Map.of("k", 1)), "1/a/node-1"),
      new JournalEntry.InstanceEnded("1/a/node-1", InstanceState.SUCCEEDED, null));

  private Path written(List<JournalEntry> entries) {
    Path file = dir.resolve("run.jsonl");
    try (Journal j = Journal.open(file)) {
      for (int i = 0; i < entries.size(); i++) {
        j.append(entries.get(i), i == entries.size() - 1);
      }
    }
    return file;
  }

  @Test
  void resumingAnIntactJournalTwiceLeavesItByteIdenticalAndTheChainGoesOn() throws Exception {
    Path file = written(ENTRIES);
    byte[] before = Files.readAllBytes(file);
    for (int round = 0; round < 2; round++) {
      try (Journal j = Journal.open(file)) {
        assertTrue(j.hasEntries());
        assertEquals(List.of(), j.warnings());
        assertEquals(ENTRIES, j.existing());
        assertEquals(ENTRIES.get(0), j.first().orElseThrow());
        assertEquals(file, j.file());
      }
      assertArrayEquals(before, Files.readAllBytes(file), "resume " + (round + 1) + " changed the file");
    }
    try (Journal j = Journal.open(file)) {
      j.append(new JournalEntry.IterationEnded(1), false);
      j.append(new JournalEntry.SwarmEnded("COMPLETED", null), true);
    }
    List<JournalEntry> all = new ArrayList<>(ENTRIES);
    all.add(new JournalEntry.IterationEnded(1));
    all.add(new JournalEntry.SwarmEnded("COMPLETED", null));
    assertEquals(all, Journal.readAll(file), "appends after a resume chain on to the old lines");
    List<String> lines = Files.readAllLines(file);
    assertTrue(lines.get(7).startsWith("{\"seq\":8,\"type\":\"swarm-ended\""), lines.get(7));
  }

  @Test
  void aNewJournalIsEmptyAndAFreshOpenDiscardsTheOldRun() throws Exception {
    Path file = dir.resolve("sub/dir/new.jsonl");
    try (Journal j = Journal.open(file)) {
      assertFalse(j.hasEntries(), "a new file holds no run");
      assertTrue(j.first().isEmpty());
      assertEquals(List.of(), j.existing());
    }
    assertEquals(0, Files.size(file));
    Path old = written(ENTRIES);
    try (Journal j = Journal.open(old, true)) {
      assertFalse(j.hasEntries());
      j.append(new JournalEntry.IterationStarted(5), true);
    }
    assertEquals(List.of(new JournalEntry.IterationStarted(5)), Journal.readAll(old));
    assertTrue(Files.readString(old).startsWith("{\"seq\":1,"), "numbering starts again");
  }

  @Test
  void aCompleteButUnparsableLastLineIsCutOffWithAWarning() throws Exception {
    Path file = written(ENTRIES);
    byte[] good = Files.readAllBytes(file);
    Files.write(file, "{\"seq\":7,\"type\":\"glob".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    Files.write(file, "al-set\"}\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertEquals(ENTRIES, Journal.readAll(file), "a reader ignores it");
    try (Journal j = Journal.open(file)) {
      assertEquals(1, j.warnings().size());
      assertEquals("journal " + file + ": last line 7 is torn (not a journal line: it must start with {\"seq\": and end"
          + " with ,\"sum\":\"<16 hex digits>\"} (a journal written by an older Manta, or edited)); ignoring it",
          j.warnings().get(0));
      assertEquals(ENTRIES, j.existing());
      j.append(new JournalEntry.IterationEnded(1), true);
    }
    byte[] after = Files.readAllBytes(file);
    assertArrayEquals(good, java.util.Arrays.copyOf(after, good.length), "the good part is kept as it was");
    List<JournalEntry> expected = new ArrayList<>(ENTRIES);
    expected.add(new JournalEntry.IterationEnded(1));
    assertEquals(expected, Journal.readAll(file), "the torn line is gone; the next entry is #7");
  }

  @Test
  void aTornLastLineWithoutItsEndIsCutOffBeforeTheNextAppend() throws Exception {
    Path file = written(ENTRIES);
    long good = Files.size(file);
    Files.write(file, "{\"seq\":7,\"ty".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    try (Journal j = Journal.open(file)) {
      assertEquals(List.of("journal " + file + ": line 7 is torn (no line end: the process died while writing it);"
          + " ignoring it"), j.warnings());
    }
    assertEquals(good, Files.size(file));
  }

  @Test
  void blankLinesAreSkippedAndKept() throws Exception {
    Path file = written(ENTRIES);
    Files.write(file, "\n  \n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    byte[] before = Files.readAllBytes(file);
    try (Journal j = Journal.open(file)) {
      assertEquals(List.of(), j.warnings());
      assertEquals(ENTRIES, j.existing());
    }
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void linesLongerThanTheReadBuffersReadBack() throws Exception {
    String big = "x".repeat(200_000) + "é";
    List<JournalEntry> entries = List.of(new JournalEntry.IterationStarted(1),
        new JournalEntry.LogLine("1/a/node-1", "INFO", big),
        new JournalEntry.LogLine("1/a/node-1", "INFO", "short"),
        new JournalEntry.LogLine("1/a/node-1", "INFO", "y".repeat(9_000)));
    Path file = written(entries);
    assertEquals(entries, Journal.readAll(file));
    byte[] before = Files.readAllBytes(file);
    try (Journal j = Journal.open(file)) {
      assertEquals(entries, j.existing());
      List<JournalEntry> replayed = new ArrayList<>();
      j.replay(replayed::add);
      assertEquals(entries, replayed);
    }
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void replayShowsOnlyWhatTheFileHeldWhenItWasOpened() throws Exception {
    Path file = written(ENTRIES);
    try (Journal j = Journal.open(file)) {
      j.append(new JournalEntry.IterationEnded(1), true);
      assertEquals(ENTRIES, j.existing());
    }
  }

  /** Writes {@code lines} with line {@code index} replaced by {@code text}, and says why reading the file fails. */
  private static String refusal(Path file, List<String> lines, int index, String text) throws Exception {
    List<String> changed = new ArrayList<>(lines);
    changed.set(index, text);
    Files.write(file, changed);
    return assertThrows(JournalException.class, () -> Journal.readAll(file)).getMessage();
  }

  @Test
  void badLinesInTheMiddleAreNamedWithTheirReason() throws Exception {
    Path file = written(ENTRIES);
    List<String> lines = Files.readAllLines(file);

    List<String> copied = new ArrayList<>(lines);
    copied.add(3, lines.get(2));
    Files.write(file, copied);
    JournalException e = assertThrows(JournalException.class, () -> Journal.readAll(file));
    assertEquals("journal " + file + " line 4 holds entry #3 where entry #4 belongs (lines were copied or moved); what"
        + " the run committed cannot be trusted, so it cannot be resumed: restore the file, or start with a new journal"
        + " file", e.getMessage());

    String notJson = refusal(file, lines, 1, "{\"seq\":2,\"type\":,\"sum\":\"0123456789abcdef\"}");
    assertTrue(notJson.startsWith("journal " + file + " line 2 is corrupt (not JSON (Unexpected character (','"),
        notJson);
    assertTrue(notJson.endsWith("); it cannot be resumed: start with a new journal file"), notJson);
    assertFalse(notJson.contains("\n"), "only the first line of the parser's message: " + notJson);

    // the shortest line with a journal line's start and end: read as JSON, not refused for its shape
    String shortest = refusal(file, lines, 1, "{\"seq\":,\"sum\":\"0123456789abcdef\"}");
    assertTrue(shortest.contains("line 2 is corrupt (not JSON (Unexpected character (','"), shortest);

    String noSeq = refusal(file, lines, 1, "{\"seq\":\"two\",\"type\":\"iteration-started\",\"sum\":\"0123456789abcdef\"}");
    assertTrue(noSeq.contains("line 2 is corrupt (no numeric \"seq\")"), noSeq);

    List<String> unknown = new ArrayList<>(lines);
    unknown.set(1, "{\"seq\":2,\"type\":\"no-such-entry\",\"sum\":\"0123456789abcdef\"}");
    Files.write(file, unknown);
    e = assertThrows(JournalException.class, () -> Journal.open(file));
    assertTrue(e.getMessage().contains("line 2 is corrupt (not a journal entry ("), e.getMessage());
    Journal.open(file, true).close(); // the lock of the refused open was released
  }

  @Test
  void aSecondOpenIsRefusedNamingTheProcessHostAndTimeOfTheHolder() throws Exception {
    Path file = written(ENTRIES);
    try (Journal held = Journal.open(file)) {
      JournalLockedException e = assertThrows(JournalLockedException.class, () -> Journal.open(file));
      assertTrue(e.holder().matches("process " + ProcessHandle.current().pid() + " on \\S+ since \\d{4}-\\S+"),
          e.holder());
      assertTrue(e.getMessage().startsWith("journal " + file + " is in use by another run: " + e.holder() + " (lock "
          + dir.resolve("run.jsonl.lock") + ")"), e.getMessage());
      assertEquals(ENTRIES, held.existing(), "the refused open changed nothing");
    }
  }

  @Test
  void aJournalLockedByARunThatHasNotWrittenItsNameYetIsRefusedSayingSo() throws Exception {
    Path file = written(ENTRIES);
    try (FileChannel other = FileChannel.open(dir.resolve("run.jsonl.lock"), StandardOpenOption.WRITE);
        FileLock lock = other.lock()) {
      other.truncate(0); // it locked the file and has not written its name yet
      JournalLockedException e = assertThrows(JournalLockedException.class, () -> Journal.open(file));
      assertEquals("a run that has not written its name yet", e.holder());
    }
    try (Journal j = Journal.open(file)) {
      assertEquals(ENTRIES, j.existing(), "once the other run lets go, the journal resumes");
    }
  }

  /** A conductor opens one journal per run for as long as it lives: each open must give back what it took. */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES) // runs a second: more than -Pmutation's default test timeout
  void openingClosingAndRefusingAJournalLeaveNoFileOpen() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "counts this process's open files where the OS lists them (Linux)");
    Path file = written(ENTRIES);
    long before = count(fds);
    for (int i = 0; i < 100; i++) {
      try (Journal j = Journal.open(file)) {
        assertThrows(JournalLockedException.class, () -> Journal.open(file));
      }
    }
    long after = count(fds);
    // (a leaked channel may be closed by the garbage collector meanwhile, so a leak shows as less than 100)
    assertTrue(after - before < 25, "100 opens and 100 refused opens left " + (after - before) + " more files open");
  }

  private static long count(Path dir) throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void aMissingFileCannotBeRead() {
    Path missing = dir.resolve("missing.jsonl");
    JournalException e = assertThrows(JournalException.class, () -> Journal.readAll(missing));
    assertTrue(e.getMessage().startsWith("cannot read journal " + missing + ": "), e.getMessage());
  }

  /** docs/runtime.md: sum = the first 8 bytes (hex) of SHA-256 over the previous sum, a line end and the text up to ,"sum". */
  @Test
  void everyLinesSumIsTheDocumentedChecksum() throws Exception {
    Path file = written(ENTRIES);
    String previous = "";
    for (String line : Files.readAllLines(file)) {
      int at = line.lastIndexOf(",\"sum\":\"");
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update((previous + "\n" + line.substring(0, at)).getBytes(StandardCharsets.UTF_8));
      String sum = java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
      assertEquals(",\"sum\":\"" + sum + "\"}", line.substring(at), line);
      previous = sum;
    }
  }

  @Test
  void aLineThatDoesNotStartWithItsSeqIsNotAJournalLine() throws Exception {
    Path file = written(ENTRIES);
    List<String> lines = Files.readAllLines(file);
    String second = lines.get(1);
    // the same fields, seq moved to the end: valid JSON, but not as the journal writes it
    String moved = "{" + second.substring(second.indexOf(",\"type\"") + 1, second.lastIndexOf(",\"sum\""))
        + ",\"seq\":2" + second.substring(second.lastIndexOf(",\"sum\""));
    lines.set(1, moved);
    Files.write(file, lines);
    JournalException e = assertThrows(JournalException.class, () -> Journal.readAll(file));
    assertTrue(e.getMessage().contains("line 2 is corrupt (not a journal line: it must start with {\"seq\":"),
        e.getMessage());
  }

  @Test
  void theWarningAboutATornLineIsLogged() throws Exception {
    Path file = written(ENTRIES);
    Files.write(file, "{\"seq\":7".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    List<java.util.logging.LogRecord> records;
    try (dev.manta.runtime.LogRecords log = dev.manta.runtime.LogRecords.of(Journal.class)) {
      Journal.readAll(file);
      records = log.list();
    }
    assertEquals(1, records.size());
    assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
    assertTrue(records.get(0).getMessage().contains("line 7 is torn"), records.get(0).getMessage());
  }
}
