package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.report.InstanceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task calling System.exit cannot end a run as a success: its instance and the run fail, the status is 1. */
@Tag("forks") // starts a second JVM: left out of mutation testing (-Pmutation)
class ExitGuardTest {
  @Test
  void systemExitInATaskFailsItsInstanceAndTheRunAndTheJvmEndsWithStatusOne(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("exit.jsonl");
    Path log = dir.resolve("child.log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ExitSwarm.class.getName(), journal.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM ended");
    String out = Files.readString(log);
    assertEquals(1, child.exitValue(), out);
    assertTrue(out.contains("HANDLER FAILED instance 1/a/node-2 called System.exit"), out);
    List<JournalEntry> entries = Journal.readAll(journal);
    assertTrue(entries.contains(new JournalEntry.InstanceEnded("1/a/node-2", InstanceState.FAILED,
        "called System.exit (or Runtime.exit); a task must not end the JVM: throw an exception to fail the instance,"
            + " or call world().stopSwarm()")), entries.toString());
    assertTrue(entries.get(entries.size() - 1) instanceof JournalEntry.SwarmEnded e && e.status().equals("FAILED"),
        entries.toString());
  }
}
