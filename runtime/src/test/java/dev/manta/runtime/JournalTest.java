package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.journal.JournalException;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir
  Path dir;
  Path open;

  @BeforeEach
  void gate() throws Exception {
    open = Files.createFile(dir.resolve("gate-open"));
    ResumeSwarm.RUNS.clear();
  }

  private RunReport reference() {
    return ResumeSwarm.builder(dir.resolve("reference.jsonl"), open).build().run().requireCompleted();
  }

  @Test
  void everyCommittedChangeIsOneJsonLine() throws Exception {
    Path journal = dir.resolve("run.jsonl");
    RunReport r = ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    assertEquals(3, r.iterations());
    assertEquals((6 * 100 + 21) + (6 * 200 + 21) + (4 * 300 + 10), r.global("total", Integer.class));
    List<String> lines = Files.readAllLines(journal);
    Map<String, Integer> types = new HashMap<>();
    for (String line : lines) {
      JsonNode node = Json.mapper().readTree(line);
      types.merge(node.get("type").asText(), 1, Integer::sum);
    }
    assertEquals(1, types.get("swarm-started"));
    assertEquals(6, types.get("task-started"));
    assertEquals(3, types.get("iteration-started"));
    assertEquals(3, types.get("iteration-ended"));
    assertEquals(6 + 6 + 4, types.get("result-added"));
    assertEquals(6 + 1 + 6 + 1 + 4 + 1, types.get("instance-ended"));
    assertEquals(1, types.get("swarm-ended"));
    assertTrue(lines.get(lines.size() - 1).contains("\"status\":\"COMPLETED\""));
  }

  @Test
  void aFinishedJournalIsReportedAgainWithoutRunningAnything() {
    Path journal = dir.resolve("run.jsonl");
    RunReport first = ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    ResumeSwarm.RUNS.clear();
    RunReport again = ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    assertTrue(again.resumed());
    assertTrue(ResumeSwarm.RUNS.isEmpty(), "nothing re-ran: " + ResumeSwarm.RUNS);
    assertEquals(first.globals(), again.globals());
    assertEquals(first.results(), again.results());
    assertEquals(first.instances(), again.instances());
  }

  /** Resumes from every prefix of a real journal, as if the conductor had died after that line. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // runs seconds: more than -Pmutation's default test timeout
  void resumingFromAnyCommittedPrefixEndsLikeAnUninterruptedRun() throws Exception {
    RunReport reference = reference();
    Path full = dir.resolve("full.jsonl");
    ResumeSwarm.builder(full, open).build().run().requireCompleted();
    List<String> lines = Files.readAllLines(full);
    for (int keep = 1; keep < lines.size(); keep++) {
      Path journal = dir.resolve("prefix-" + keep + ".jsonl");
      Files.write(journal, lines.subList(0, keep));
      List<JournalEntry> before = Journal.readAll(journal);
      Set<String> endedBefore = new HashSet<>();
      before.stream().filter(e -> e instanceof JournalEntry.InstanceEnded)
          .forEach(e -> endedBefore.add(((JournalEntry.InstanceEnded) e).id()));
      ResumeSwarm.RUNS.clear();
      RunReport resumed = ResumeSwarm.builder(journal, open).build().run().requireCompleted();
      assertTrue(resumed.resumed());
      assertEquals(reference.globals(), resumed.globals(), "after line " + keep);
      assertEquals(reference.results(), resumed.results(), "after line " + keep);
      for (String id : endedBefore) {
        assertFalse(ResumeSwarm.RUNS.containsKey(id), id + " had ended before line " + keep + " but ran again");
      }
      ResumeSwarm.RUNS.forEach((id, n) -> assertEquals(1, n.get(), id + " ran more than once after the resume"));
    }
  }

  @Test
  void aTornLastLineIsIgnoredWithAWarning() throws Exception {
    RunReport reference = reference();
    Path journal = dir.resolve("torn.jsonl");
    ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    byte[] bytes = Files.readAllBytes(journal);
    String text = new String(bytes, StandardCharsets.UTF_8);
    int lastLine = text.lastIndexOf('\n', text.length() - 2) + 1;
    Files.write(journal, text.substring(0, lastLine + 12).getBytes(StandardCharsets.UTF_8));
    try (Journal j = Journal.open(journal)) {
      assertEquals(1, j.warnings().size());
      assertTrue(j.warnings().get(0).contains("torn") && j.warnings().get(0).contains(journal.toString()),
          j.warnings().get(0));
    }
    assertEquals(lastLine, Files.size(journal), "the torn line is cut off before appending");
    RunReport resumed = ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    assertEquals(reference.globals(), resumed.globals());
    assertEquals(reference.results(), resumed.results());
    for (String line : Files.readAllLines(journal)) {
      Json.mapper().readTree(line);
    }
  }

  @Test
  void aCorruptLineInTheMiddleIsAnError() throws Exception {
    Path journal = dir.resolve("corrupt.jsonl");
    ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(journal));
    lines.set(2, "{not json");
    Files.write(journal, lines);
    JournalException e = assertThrows(JournalException.class, () -> ResumeSwarm.builder(journal, open).build().run());
    assertTrue(e.getMessage().contains("line 3 is corrupt") && e.getMessage().contains("new journal file"),
        e.getMessage());
  }

  @Test
  void aJournalOfAnotherSwarmIsRefused() {
    Path journal = dir.resolve("other.jsonl");
    LocalRun.builder(dev.manta.dsl.Swarms.define("other", s -> s.task(Fixtures.A.class, t -> t.alias("a"))))
        .journal(journal).build().run().requireCompleted();
    JournalException e = assertThrows(JournalException.class, () -> ResumeSwarm.builder(journal, open).build().run());
    assertTrue(e.getMessage().contains("belongs to swarm 'other', not to swarm 'resume_demo'"), e.getMessage());
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    RunReport a = reference();
    RunReport b = ResumeSwarm.builder(dir.resolve("again.jsonl"), open).build().run();
    assertEquals(a.instances().stream().map(InstanceReport::id).sorted().toList(),
        b.instances().stream().map(InstanceReport::id).sorted().toList());
    assertEquals(a.globals(), b.globals());
  }
}
