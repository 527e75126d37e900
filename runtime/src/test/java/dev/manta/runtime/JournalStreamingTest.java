package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming streams the journal: a journal larger than the JVM's whole heap still resumes. */
@Tag("forks") // starts a second JVM: left out of mutation testing (-Pmutation)
class JournalStreamingTest {
  @Test
  void aJournalLargerThanTheHeapResumes(@TempDir Path dir) throws Exception {
    Path gate = Files.createFile(dir.resolve("gate-open"));
    Path journal = dir.resolve("big.jsonl");
    ResumeSwarm.builder(journal, gate).build().run().requireCompleted();
    String text = "x".repeat(1000);
    try (Journal j = Journal.open(journal)) {
      for (int i = 0; i < 80_000; i++) {
        // Log lines of an instance the world does not hold: replay reads and checks them, then drops them.
        j.append(new JournalEntry.LogLine("9/none/node-" + i, "INFO", text), false);
      }
    }
    assertTrue(Files.size(journal) > 80_000_000L, "the journal is larger than the child's 32 MB heap");

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
        ResumeSwarm.class.getName(), journal.toString(), gate.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the resume ends");
    } finally {
      child.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("child.log"));
    assertEquals(0, child.exitValue(), log);
    assertTrue(log.contains("COMPLETED"), log);
  }
}
