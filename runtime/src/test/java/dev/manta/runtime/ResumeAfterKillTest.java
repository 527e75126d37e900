package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a conductor's JVM with SIGKILL mid-iteration and resumes its journal in this one. */
@Tag("forks") // starts a second JVM: left out of mutation testing (-Pmutation)
class ResumeAfterKillTest {
  @Test
  void aKilledRunResumesFromItsJournalWithoutLosingOrRepeatingWork(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("killed.jsonl");
    Path gate = dir.resolve("gate");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ResumeSwarm.class.getName(), journal.toString(), gate.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    List<JournalEntry> seen = List.of();
    try {
      // Wait (no timing assertion: the deadline only guards against a hang) until iteration 2 has
      // committed results and some of its instances have ended, while node-5/6 wait at the gate.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!midIterationTwo(seen)) {
        if (!child.isAlive()) {
          fail("the child ended before it could be killed: " + Files.readString(dir.resolve("child.log")));
        }
        if (System.nanoTime() > deadline) {
          fail("the child's journal never reached iteration 2: " + seen);
        }
        Thread.sleep(20);
        seen = Files.exists(journal) ? Journal.readAll(journal) : List.of();
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    List<JournalEntry> beforeResume = Journal.readAll(journal);
    assertTrue(beforeResume.stream().noneMatch(e -> e instanceof JournalEntry.SwarmEnded), "killed mid-run");
    Set<String> endedBeforeKill = ended(beforeResume);
    assertTrue(endedBeforeKill.stream().filter(id -> id.startsWith("2/")).count() >= 2, "some of iteration 2 ended");
    assertFalse(endedBeforeKill.contains("2/mapper/node-5"), "node-5 waits at the gate");

    Files.createFile(gate);
    ResumeSwarm.RUNS.clear();
    RunReport resumed = ResumeSwarm.builder(journal, gate).build().run().requireCompleted();
    assertTrue(resumed.resumed());
    for (String id : endedBeforeKill) {
      assertFalse(ResumeSwarm.RUNS.containsKey(id), id + " ended before the kill but ran again");
    }
    assertTrue(ResumeSwarm.RUNS.containsKey("2/mapper/node-5"), "an instance running at the kill is run again");

    RunReport uninterrupted = ResumeSwarm.builder(dir.resolve("reference.jsonl"), gate).build().run()
        .requireCompleted();
    assertEquals(uninterrupted.globals(), resumed.globals());
    assertEquals(uninterrupted.results(), resumed.results());
    assertEquals(3, resumed.iterations());
    assertEquals(uninterrupted.instances().stream().map(InstanceReport::id).sorted().toList(),
        resumed.instances().stream().map(InstanceReport::id).sorted().toList());
    assertTrue(resumed.instances().stream().allMatch(i -> i.state() == dev.manta.runtime.report.InstanceState.SUCCEEDED),
        resumed.summary());

    List<JournalEntry> all = Journal.readAll(journal);
    Map<String, Long> endings = all.stream().filter(e -> e instanceof JournalEntry.InstanceEnded)
        .collect(Collectors.groupingBy(e -> ((JournalEntry.InstanceEnded) e).id(), Collectors.counting()));
    endings.forEach((id, n) -> assertEquals(1, n, id + " ended twice in the journal"));
    assertEquals(6 + 6 + 4, resumed.results().values().stream().mapToInt(byTag -> byTag.get("part").size()).sum());
  }

  private static boolean midIterationTwo(List<JournalEntry> entries) {
    long results2 = entries.stream().filter(e -> e instanceof JournalEntry.ResultAdded r && r.iteration() == 2).count();
    long ended2 = entries.stream().filter(e -> e instanceof JournalEntry.InstanceEnded x && x.id().startsWith("2/"))
        .count();
    return results2 >= 5 && ended2 >= 2;
  }

  private static Set<String> ended(List<JournalEntry> entries) {
    return entries.stream().filter(e -> e instanceof JournalEntry.InstanceEnded).map(e -> ((JournalEntry.InstanceEnded) e).id())
        .collect(Collectors.toSet());
  }
}
