package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import dev.manta.runtime.HangGuard;
import dev.manta.runtime.LogRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results of earlier iterations of a run without a journal leave memory and read back unchanged. */
class ResultSpillTest {
  private static final double[] WEIGHTS = {0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e308};

  private static Map<String, Map<String, JsonNode>> iteration(int i) throws IOException {
    Map<String, JsonNode> weights = new TreeMap<>();
    weights.put("train/node-1", RawJson.snapshot(WEIGHTS));
    weights.put("train/node-2", RawJson.snapshot(new float[] {1.5f, Float.NaN, -0.0f}));
    weights.put("train/node-3", RawJson.snapshot(new long[] {Long.MIN_VALUE, i}));
    weights.put("train/node-4", RawJson.snapshot(new int[] {Integer.MAX_VALUE, -i}));
    Map<String, JsonNode> other = new TreeMap<>();
    other.put("count/nöde-1", RawJson.snapshot("välue " + i));
    other.put("count/node-2", RawJson.of(Map.of("loss", 0.25, "n", i)));
    other.put("count/node-3", Json.mapper().readTree("[1,{\"a\":null}]"));
    other.put("count/node-4", RawJson.snapshot(new double[0]));
    Map<String, Map<String, JsonNode>> out = new TreeMap<>();
    out.put("weights", weights);
    out.put("stätistics", other);
    return out;
  }

  private static void awaitWritten(ResultSpill spill, int iteration) throws InterruptedException {
    HangGuard.until(() -> spill.written(iteration), "iteration " + iteration + " written to the spill file");
  }

  private static double[] doubles(JsonNode node) throws IOException {
    return RawJson.read(node, Json.mapper().constructType(double[].class));
  }

  @Test
  void everyKindOfValueReadsBackFromTheFileAsItWasKept(@TempDir Path dir) throws Exception {
    try (ResultSpill spill = new ResultSpill(dir)) {
      spill.spill(1, iteration(1));
      spill.spill(2, iteration(2));
      awaitWritten(spill, 1);
      awaitWritten(spill, 2);
      for (int i = 1; i <= 2; i++) {
        Map<String, Map<String, JsonNode>> back = spill.read(i);
        Map<String, Map<String, JsonNode>> expected = iteration(i);
        assertEquals(expected.keySet(), back.keySet());
        for (String tag : expected.keySet()) {
          assertEquals(expected.get(tag).keySet(), back.get(tag).keySet(), tag);
          for (String key : expected.get(tag).keySet()) {
            assertEquals(RawJson.tree(expected.get(tag).get(key)), RawJson.tree(back.get(tag).get(key)), key);
          }
        }
        // bit for bit, and still a snapshot: a reader of double[] gets it without any text
        assertArrayEquals(WEIGHTS, doubles(back.get("weights").get("train/node-1")));
        assertEquals(double[].class, RawJson.snapshotType(back.get("weights").get("train/node-1")));
        assertEquals(-i, ((int[]) RawJson.read(back.get("weights").get("train/node-4"),
            Json.mapper().constructType(int[].class)))[1]);
      }
      assertEquals(Map.of(), spill.read(3), "an iteration never handed over has no values");
      assertFalse(spill.holds(3));
    }
  }

  /**
   * Values larger than the writer's buffer (1 MiB) go out in several writes, and many small ones
   * share a write: each still reads back whole, at its own range, whatever kind it is.
   */
  @Test
  void valuesLargerThanTheWriteBufferAndManySmallOnesReadBackWhole(@TempDir Path dir) throws Exception {
    java.util.Random random = new java.util.Random(7);
    double[] big = random.doubles(300_000).toArray(); // 2.4 MB
    float[] floats = new float[700_001]; // 2.8 MB, not a multiple of 8 bytes
    long[] longs = random.longs(200_003).toArray();
    int[] ints = random.ints(500_001).toArray();
    for (int i = 0; i < floats.length; i++) {
      floats[i] = random.nextFloat() - 0.5f;
    }
    String text = "ü".repeat(700_000); // 1.4 MB of JSON text
    Map<String, JsonNode> values = new TreeMap<>();
    values.put("a/big", RawJson.snapshot(big));
    values.put("b/floats", RawJson.snapshot(floats));
    values.put("c/longs", RawJson.snapshot(longs));
    values.put("d/ints", RawJson.snapshot(ints));
    values.put("e/text", RawJson.snapshot(text));
    for (int i = 0; i < 20_000; i++) {
      values.put("f/small-" + i, RawJson.snapshot(new double[] {i, -i}));
    }
    try (ResultSpill spill = new ResultSpill(dir)) {
      spill.spill(1, Map.of("t", values));
      spill.spill(2, Map.of("t", Map.of("z/after", RawJson.snapshot(new int[] {42}))));
      awaitWritten(spill, 1);
      awaitWritten(spill, 2);
      Map<String, JsonNode> back = spill.read(1).get("t");
      assertEquals(values.keySet(), back.keySet());
      assertArrayEquals(big, doubles(back.get("a/big")));
      assertArrayEquals(floats, RawJson.read(back.get("b/floats"), Json.mapper().constructType(float[].class)));
      assertArrayEquals(longs, RawJson.read(back.get("c/longs"), Json.mapper().constructType(long[].class)));
      assertArrayEquals(ints, RawJson.read(back.get("d/ints"), Json.mapper().constructType(int[].class)));
      assertEquals(text, RawJson.read(back.get("e/text"), Json.mapper().constructType(String.class)));
      for (int i = 0; i < 20_000; i += 997) {
        assertArrayEquals(new double[] {i, -i}, doubles(back.get("f/small-" + i)), "f/small-" + i);
      }
      assertArrayEquals(new int[] {42}, RawJson.read(spill.read(2).get("t").get("z/after"),
          Json.mapper().constructType(int[].class)), "the next iteration starts where this one ends");
    }
  }

  @Test
  void theFileIsGoneWhenTheSpillCloses(@TempDir Path dir) throws Exception {
    ResultSpill spill = new ResultSpill(dir);
    spill.spill(1, iteration(1));
    awaitWritten(spill, 1);
    spill.close();
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "no spill file is left behind");
    }
  }

  @Test
  void whenTheFileCannotBeWrittenTheValuesStayInMemoryAndNothingIsLost(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no-such-dir");
    try (ResultSpill spill = new ResultSpill(missing)) {
      spill.spill(1, iteration(1));
      spill.spill(2, iteration(2));
      assertTrue(spill.holds(1));
      assertTrue(spill.holds(2));
      for (int i = 1; i <= 2; i++) {
        assertArrayEquals(WEIGHTS, doubles(spill.read(i).get("weights").get("train/node-1")));
        assertEquals(iteration(i).get("stätistics").keySet(), spill.read(i).get("stätistics").keySet());
        assertFalse(spill.written(i));
      }
    }
  }

  @Test
  void withoutAJournalEarlierIterationsLeaveMemoryAndSelectGivesThemBack(@TempDir Path dir) throws Exception {
    try (ResultValues values = new ResultValues()) {
      values.spillInto(dir);
      for (int i = 1; i <= 3; i++) {
        int it = i;
        iteration(i).forEach((tag, byKey) -> byKey.forEach((key, v) -> values.put(it, tag, key, v, null)));
      }
      values.evictBefore(3);
      // read while the writer may still be writing, and again from the file
      assertEquals(4, values.select(1, "weights").size());
      assertArrayEquals(WEIGHTS, doubles(values.select(2, "weights").get("train/node-1")));
      assertEquals(RawJson.tree(values.select(3, "stätistics")), RawJson.tree(values.select(3, "stätistics")));
      dev.manta.runtime.report.RunReport.Results all = values.forReport();
      assertEquals(java.util.Set.of(1, 2, 3), all.iterations());
      for (int i = 1; i <= 3; i++) {
        assertEquals(Json.mapper().valueToTree(tree(iteration(i))), Json.mapper().valueToTree(tree(all.read(i))));
      }
      values.close(); // the run's end: the report's spill stays readable
      assertArrayEquals(WEIGHTS, doubles(all.read(1).get("weights").get("train/node-1")));
    }
  }

  @Test
  void valuesAppendedOneByOneReadBackByIterationTheLaterOfAKeyWinning(@TempDir Path dir) throws Exception {
    try (ResultSpill spill = new ResultSpill(dir)) {
      // as a journal holds them: iterations interleaved, a key written twice
      spill.append(1, "w", "t/node-1", RawJson.snapshot(WEIGHTS));
      spill.append(2, "w", "t/node-1", RawJson.snapshot(new double[] {2}));
      spill.append(1, "n", "t/node-2", Json.mapper().readTree("{\"a\":[1,2]}"));
      spill.append(1, "w", "t/node-1", RawJson.snapshot(new double[] {1.5}));
      spill.append(1, "w", "t/node-3", RawJson.snapshot("three"));
      spill.append(3, "w", "t/node-1", RawJson.snapshot(new int[] {3}));
      spill.endAppends();
      assertEquals(java.util.Set.of(1, 2, 3), spill.iterations());
      Map<String, Map<String, JsonNode>> one = spill.read(1);
      assertEquals(java.util.Set.of("n", "w"), one.keySet());
      assertArrayEquals(new double[] {1.5}, doubles(one.get("w").get("t/node-1")));
      assertEquals("three", RawJson.tree(one.get("w").get("t/node-3")).asText());
      assertEquals(Json.mapper().readTree("{\"a\":[1,2]}"), RawJson.tree(one.get("n").get("t/node-2")));
      assertArrayEquals(new double[] {2}, doubles(spill.read(2).get("w").get("t/node-1")));
      assertEquals(Map.of("w", java.util.Set.of("t/node-1")), Map.of("w", spill.read(3).get("w").keySet()));
      assertEquals(Map.of(), spill.read(4));
    }
  }

  private static Map<String, Map<String, JsonNode>> tree(Map<String, Map<String, JsonNode>> values) {
    Map<String, Map<String, JsonNode>> out = new TreeMap<>();
    values.forEach((tag, byKey) -> byKey.forEach((key, v) ->
        out.computeIfAbsent(tag, t -> new TreeMap<>()).put(key, ResultValues.tree(v))));
    return out;
  }

  @Test
  void aSpillThatCannotWriteSaysSoOnceWithWhatToDo(@TempDir Path dir) throws Exception {
    java.util.List<java.util.logging.LogRecord> records;
    try (LogRecords log = LogRecords.of(ResultSpill.class);
        ResultSpill spill = new ResultSpill(dir.resolve("no-such-dir"))) {
      spill.spill(1, iteration(1));
      HangGuard.until(() -> !log.list().isEmpty(), "a warning about the spill file that cannot be made");
      spill.spill(2, iteration(2));
      spill.spill(3, iteration(3));
      records = log.list();
    }
    assertEquals(1, records.size(), records.toString());
    assertEquals(java.util.logging.Level.WARNING, records.get(0).getLevel());
    String message = records.get(0).getMessage();
    assertTrue(message.startsWith("cannot move the results of earlier iterations out of memory (into "
        + dir.resolve("no-such-dir") + "): java.nio.file.NoSuchFileException"), message);
    assertTrue(message.endsWith("; they stay in memory (give the JVM more heap, or run with a journal)"), message);
  }

  @Test
  void theFileHasNoNameWhileTheRunHoldsIt(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
        "Windows keeps an open file's name");
    try (ResultSpill spill = new ResultSpill(dir)) {
      spill.spill(1, iteration(1));
      awaitWritten(spill, 1);
      try (Stream<Path> left = Files.list(dir)) {
        assertEquals(0, left.count(), "the spill file is unlinked as soon as it is open");
      }
      assertArrayEquals(WEIGHTS, doubles(spill.read(1).get("weights").get("train/node-1")));
    }
  }

  @Test
  void aRunWithoutAJournalLeavesNoSpillThreadBehind() throws Exception {
    dev.manta.graph.SwarmGraph g = dev.manta.dsl.Swarms.define("spilled", s -> s.task(Work.class,
        t -> t.alias("work").method(dev.manta.Method.ALL)));
    dev.manta.runtime.LocalRun.builder(g).nodes(2).resultIterations(0).task(Work.class, Work::new).build().run()
        .requireCompleted();
    HangGuard.until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("manta-result-spill")), "the spill's writer thread ended with its run");
  }

  /** Three iterations of results, so that two are spilled. */
  public static final class Work implements dev.manta.TaskBody {
    @Override
    public void run(dev.manta.TaskContext ctx) {
      ctx.results().add("w", new double[] {ctx.world().iteration()});
      if (ctx.world().iteration() < 3 && ctx.world().nodeId().equals("node-1")) {
        ctx.world().scheduleNextIteration(java.util.List.of(), "work");
      }
    }
  }
}
