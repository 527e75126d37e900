package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.Fixtures.B;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Messages;
import dev.manta.graph.RawJson;
import dev.manta.runtime.transport.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values carried as JSON text (results): the same JSON on the wire, read once where they are used. */
class RawJsonTest {
  private static final double[] WEIGHTS = {0.1, -2.5e-7, 1.0 / 3, Double.MIN_VALUE, 1e300};

  @Test
  void aRawNodeIsWrittenAsItsTextAndReadsBackAsTheSameValue() throws Exception {
    JsonNode raw = RawJson.of(WEIGHTS);
    assertTrue(RawJson.isRaw(raw));
    assertFalse(RawJson.isRaw(Json.toTree(WEIGHTS)));
    byte[] text = Json.mapper().writeValueAsBytes(WEIGHTS);
    assertSame(RawJson.bytes(raw), RawJson.bytes(raw), "a raw node's bytes are kept, not copied");
    assertArrayEquals(text, RawJson.bytes(raw));
    assertArrayEquals(text, RawJson.bytes(Json.toTree(WEIGHTS)), "a tree gives the same text");
    assertArrayEquals(WEIGHTS, RawJson.read(raw, Json.mapper().constructType(double[].class)));
    ObjectNode inside = Json.mapper().createObjectNode();
    inside.set("train/node-1", raw);
    assertEquals("{\"train/node-1\":" + new String(text, StandardCharsets.UTF_8) + "}",
        Json.mapper().writeValueAsString(inside), "written with a string writer too");
  }

  @Test
  void largeArraySnapshotsKeptInSlabsAreStillPrivateCopiesWithTheSameTextAndBound() throws Exception {
    // 100 KB of doubles, 64 KB of floats, 32 KB of longs and ints: the sizes kept in shared slabs
    Object[] values = {new double[12_800], new float[16_384], new long[4_096], new int[8_192]};
    for (int k = 0; k < values.length; k++) {
      Object mine = values[k];
      int n = java.lang.reflect.Array.getLength(mine);
      for (int i = 0; i < n; i++) {
        java.lang.reflect.Array.set(mine, i, mine instanceof double[] ? (Object) (i / 7.0)
            : mine instanceof float[] ? (Object) (i / 3f) : mine instanceof long[] ? (Object) (i * 31L) : (Object) (i * 17));
      }
      byte[] expected = Json.mapper().writeValueAsBytes(mine);
      JsonNode first = RawJson.snapshot(mine);
      JsonNode second = RawJson.snapshot(mine); // next to the first in the same slab
      java.lang.reflect.Array.set(mine, 0, mine instanceof double[] ? (Object) 99.0 : mine instanceof float[]
          ? (Object) 99f : mine instanceof long[] ? (Object) 99L : (Object) 99);
      var type = Json.mapper().constructType(mine.getClass());
      Object read = RawJson.read(first, type);
      assertEquals(mine.getClass(), read.getClass());
      assertEquals(n, java.lang.reflect.Array.getLength(read));
      assertFalse(java.util.Objects.deepEquals(mine, read), "the task's later change is not in the snapshot");
      java.lang.reflect.Array.set(read, 1, java.lang.reflect.Array.get(mine, 0)); // the reader changes its copy
      assertArrayEquals(expected, Json.mapper().writeValueAsBytes(RawJson.read(first, type)));
      assertArrayEquals(expected, Json.mapper().writeValueAsBytes(RawJson.read(second, type)));
      assertTrue(RawJson.sizeBound(first) >= expected.length, "the bound covers the text");
      assertArrayEquals(expected, RawJson.bytes(first));
      assertEquals(first, second);
      java.util.List<?> asList = RawJson.read(second, Json.mapper().getTypeFactory()
          .constructCollectionType(java.util.List.class, Object.class));
      assertEquals(n, asList.size(), "another type reads the text");
    }
  }

  @Test
  void aSnapshotIsAPrivateCopyReadWithoutTextAsItsOwnClassAndThroughTextAsAnyOther() throws Exception {
    double[] mine = WEIGHTS.clone();
    JsonNode snap = RawJson.snapshot(mine);
    mine[0] = 99; // the task changes its array after add()
    double[] read = RawJson.read(snap, Json.mapper().constructType(double[].class));
    assertArrayEquals(WEIGHTS, read);
    read[1] = 42; // the reader changes its copy
    assertArrayEquals(WEIGHTS, RawJson.read(snap, Json.mapper().constructType(double[].class)));
    java.util.List<Double> asList = RawJson.read(snap,
        Json.mapper().getTypeFactory().constructCollectionType(java.util.List.class, Double.class));
    assertEquals(java.util.Arrays.stream(WEIGHTS).boxed().toList(), asList);
    assertArrayEquals(Json.mapper().writeValueAsBytes(WEIGHTS), RawJson.bytes(snap));
    assertEquals(RawJson.of(WEIGHTS), snap, "a snapshot equals the text of the same value");
    assertEquals(Json.toTree(WEIGHTS), RawJson.tree(snap));
    JsonNode kept = RawJson.withoutText(snap);
    assertTrue(kept != snap, "a written snapshot is kept as a new node without its text");
    assertEquals(snap, kept);
    assertArrayEquals(WEIGHTS, RawJson.read(kept, Json.mapper().constructType(double[].class)));
    JsonNode text = RawJson.of(WEIGHTS);
    assertSame(text, RawJson.withoutText(text), "text alone stays as it is");
  }

  @Test
  void aSnapshotsSizeBoundHoldsWithoutWritingIt() throws Exception {
    Object[] values = {new double[] {-Double.MIN_NORMAL, -Double.MAX_VALUE, Double.NaN, -0.0},
        new float[] {-Float.MIN_NORMAL, Float.NEGATIVE_INFINITY}, new long[] {Long.MIN_VALUE},
        new int[] {Integer.MIN_VALUE, 0}, "tab\t\u0001é", -Double.MIN_NORMAL, Long.MIN_VALUE, true};
    for (Object v : values) {
      JsonNode snap = RawJson.snapshot(v);
      long bound = RawJson.sizeBound(snap);
      assertTrue(bound >= Json.mapper().writeValueAsBytes(v).length, v.getClass() + ": " + bound);
      assertEquals(RawJson.bytes(snap).length, RawJson.sizeBound(snap), "exact once written");
    }
    assertEquals(-1, RawJson.sizeBound(Json.toTree(WEIGHTS)));
    JsonNode record = RawJson.snapshot(Map.of("a", 1));
    assertEquals("{\"a\":1}".length(), RawJson.sizeBound(record), "other values are written at once");
  }

  @Test
  void overAJsonTransportARawValueArrivesAsAnOrdinaryTree() throws Exception {
    AgentMessage.AddResult sent = new AgentMessage.AddResult("1/a/node-1", 3, "w", RawJson.of(WEIGHTS));
    AgentMessage.AddResult received = (AgentMessage.AddResult) Messages.fromJson(Messages.toJson(sent),
        AgentMessage.class);
    assertFalse(RawJson.isRaw(received.value()));
    assertEquals(Json.toTree(WEIGHTS), received.value());
    ObjectNode byKey = Json.mapper().createObjectNode();
    byKey.set("a/node-1", RawJson.of(WEIGHTS));
    Reply back = Messages.fromJson(Messages.toJson(Reply.of(byKey)), Reply.class);
    assertArrayEquals(WEIGHTS, RawJson.read(back.value().get("a/node-1"), Json.mapper().constructType(double[].class)));
  }

  @Test
  void resultsReadTheSameDirectOverJsonAndWithAJournal(@TempDir Path dir) throws Exception {
    SwarmGraph g = Swarms.define("raw", s -> {
      var a = s.task(A.class, t -> t.alias("a").method(Method.ALL));
      s.flow(s.task(B.class, t -> t.alias("b").maximum(1)).after(a));
    });
    Map<String, Map<String, double[]>> seen = new ConcurrentHashMap<>();
    TaskBody a = ctx -> ctx.results().add("w", WEIGHTS);
    for (String how : new String[] {"direct", "json", "journal"}) {
      TaskBody b = ctx -> seen.put(how, ctx.results().select("w", double[].class));
      LocalRun.Builder run = LocalRun.builder(g).nodes(3).task(A.class, () -> a).task(B.class, () -> b);
      if (how.equals("json")) {
        run.jsonMessages(true);
      }
      if (how.equals("journal")) {
        run.journal(dir.resolve("run.jsonl"));
      }
      RunReport report = run.build().run().requireCompleted();
      assertEquals(3, seen.get(how).size(), how);
      seen.get(how).values().forEach(w -> assertArrayEquals(WEIGHTS, w, how));
      assertArrayEquals(WEIGHTS, report.results(1, "w", double[].class).get("a/node-2"), how);
    }
    String journal = Files.readString(dir.resolve("run.jsonl"));
    assertTrue(journal.contains("\"value\":" + Json.mapper().writeValueAsString(WEIGHTS)), "the journal holds the text");
  }
}
