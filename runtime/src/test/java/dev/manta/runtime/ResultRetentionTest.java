package dev.manta.runtime;

import static dev.manta.runtime.Fixtures.local;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.RunReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.runtime.report.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results of earlier iterations leave memory and are read back: with a journal from the journal,
 * without one from the run's spill file.
 */
class ResultRetentionTest {
  private static final SwarmGraph G = Swarms.define("retain", s -> {
    var work = s.task(A.class, t -> t.alias("work").method(Method.ALL));
    s.task(B.class, t -> t.alias("look").maximum(1)).after(work);
  });

  private static final TaskBody WORK = ctx -> ctx.results().add("v", ctx.world().iteration() * 10
      + Integer.parseInt(ctx.world().nodeId().substring(5)));

  /** Each iteration reads every earlier iteration's values and sums them into a global. */
  private static final TaskBody LOOK = ctx -> {
    int it = ctx.world().iteration();
    int sum = 0;
    for (int i = 1; i <= it; i++) {
      sum += ctx.results().select(i, "v", Integer.class).values().stream().mapToInt(Integer::intValue).sum();
    }
    ctx.globals().set("sum_" + it, sum);
    if (it < 4) {
      ctx.world().scheduleNextIteration(List.of(), "work");
    }
  };

  @Test
  void earlierIterationsReadBackFromTheJournalGiveWhatMemoryGives(@TempDir Path dir) {
    RunReport inMemory = local(G, 3).resultIterations(Integer.MAX_VALUE)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    RunReport spilled = local(G, 3).journal(dir.resolve("j.jsonl")).resultIterations(0)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    assertEquals(inMemory.globals(), spilled.globals());
    assertEquals(inMemory.results(), spilled.results());
    assertEquals(Map.of("work/node-1", 41, "work/node-2", 42, "work/node-3", 43), spilled.results(4, "v", Integer.class));
    assertEquals(4, spilled.results().size());
    // sum_4 = (11+12+13) + (21+22+23) + (31+32+33) + (41+42+43)
    assertEquals(36 + 66 + 96 + 126, spilled.global("sum_4", Integer.class));
  }

  @Test
  void withoutAJournalEarlierIterationsReadBackFromTheSpillGiveWhatMemoryGives() {
    RunReport inMemory = local(G, 3).resultIterations(Integer.MAX_VALUE)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    RunReport spilled = local(G, 3).resultIterations(0)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    assertEquals(inMemory.globals(), spilled.globals());
    assertEquals(inMemory.results(), spilled.results());
    assertEquals(Map.of("work/node-1", 11, "work/node-2", 12, "work/node-3", 13), spilled.results(1, "v", Integer.class));
    assertEquals(36 + 66 + 96 + 126, spilled.global("sum_4", Integer.class));
  }

  @Test
  void aJournaledRunsReportReadsEveryIterationWhenAskedEvenOnceTheJournalIsGone(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("j.jsonl");
    RunReport report = local(G, 3).journal(journal).resultIterations(0)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    Files.delete(journal); // the report copied what it reads from it at the run's end
    assertEquals(new TreeSet<>(List.of(1, 2, 3, 4)), report.iterationsWithResults());
    for (int i = 1; i <= 4; i++) {
      assertEquals(Map.of("work/node-1", i * 10 + 1, "work/node-2", i * 10 + 2, "work/node-3", i * 10 + 3),
          report.results(i, "v", Integer.class), "iteration " + i);
    }
    assertResultsFileIsTheReportsResults(report, dir.resolve("out"));
  }

  @Test
  void aRunWithoutAJournalKeepsItsSpillReadableForItsReport(@TempDir Path dir) throws Exception {
    RunReport report = local(G, 3).resultIterations(0)
        .task(A.class, () -> WORK).task(B.class, () -> LOOK).build().run().requireCompleted();
    System.gc(); // the run is over: only the report holds the spill
    for (int i = 4; i >= 1; i--) {
      assertEquals(3, report.results(i, "v").size(), "iteration " + i);
      assertEquals(i * 10 + 2, report.results(i, "v").get("work/node-2").asInt());
    }
    assertResultsFileIsTheReportsResults(report, dir.resolve("out"));
  }

  /** A string longer than Jackson's default 20,000,000 characters is kept, read back from the journal and resumed. */
  @Test
  void aVeryLongStringResultReadsBackFromTheJournal(@TempDir Path dir) throws Exception {
    String longText = "x".repeat(20_000_001) + "é";
    SwarmGraph g = Swarms.define("long_text", s -> {
      var work = s.task(A.class, t -> t.alias("work").maximum(1));
      s.task(B.class, t -> t.alias("look").maximum(1)).after(work);
    });
    TaskBody write = ctx -> ctx.results().add("text", ctx.world().iteration() == 1 ? longText : "short");
    TaskBody look = ctx -> {
      String back = ctx.results().select(1, "text", String.class).values().iterator().next();
      ctx.globals().set("same_" + ctx.world().iteration(), back.equals(longText));
      if (ctx.world().iteration() < 2) {
        ctx.world().scheduleNextIteration(List.of(), "work");
      }
    };
    Path journal = dir.resolve("j.jsonl");
    RunReport report = local(g, 1).journal(journal).resultIterations(0)
        .task(A.class, () -> write).task(B.class, () -> look).build().run().requireCompleted();
    assertEquals(true, report.global("same_2", Boolean.class), "iteration 2 read iteration 1's value from the journal");
    assertEquals(longText, report.results(1, "text", String.class).values().iterator().next());
    assertEquals(2, dev.manta.runtime.journal.Journal.readAll(journal).stream()
        .filter(e -> e instanceof dev.manta.runtime.journal.JournalEntry.ResultAdded).count());
  }

  /** A journal edited under the run cannot give its results back at the end: the run says so, it does not hang. */
  @Test
  void aReportThatCannotReadTheJournalBackFailsTheRunInsteadOfHangingIt(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("j.jsonl");
    SwarmGraph g = Swarms.define("edited", s -> {
      var work = s.task(A.class, t -> t.alias("work").maximum(1));
      s.task(B.class, t -> t.alias("look").maximum(1)).after(work);
    });
    TaskBody write = ctx -> {
      if (ctx.world().iteration() == 1) {
        ctx.results().add("text", "abc123");
        return;
      }
      try { // iteration 2: change iteration 1's result in the file, as an editor would
        String text = Files.readString(journal);
        Files.writeString(journal, text.replace("abc123", "abd123"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    TaskBody look = ctx -> {
      if (ctx.world().iteration() < 2) {
        ctx.world().scheduleNextIteration(List.of(), "work");
      }
    };
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofMinutes(2), () -> org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> local(g, 1).journal(journal).resultIterations(0)
                .task(A.class, () -> write).task(B.class, () -> look).build().run()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("swarm 'edited' ended COMPLETED, but its"
        + " report cannot be made: journal " + journal + " line "), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("was changed after it was written"),
        e.getMessage());
  }

  /** results.json, written an iteration at a time, holds what the report's whole tree holds. */
  private static void assertResultsFileIsTheReportsResults(RunReport report, Path out) throws Exception {
    ReportFiles.write(report, out);
    JsonNode file = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertEquals(report.toJsonTree().get("results"), file);
    assertEquals(List.of("1", "2", "3", "4"), iterator(file.fieldNames()));
    assertEquals(List.of("swarm", "status", "failure", "iterations", "resumed", "globals", "results", "instances"),
        iterator(report.toJsonTree().fieldNames()));
    assertEquals(Json.mapper().readTree(out.resolve("globals.json").toFile()), report.toJsonTree().get("globals"));
  }

  private static List<String> iterator(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }
}
