package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JSON value carried as its text ({@link RawJson}), on its own: what a result of model weights
 * becomes between a task and its readers. It must write the same JSON as the value itself, read
 * back as the same value, and a snapshot must not see later changes of the task's array.
 */
class RawJsonValueTest {
  private static final double[] WEIGHTS = {0.1, -2.5e-7, 1.0 / 3, Double.MIN_VALUE, 1e300};

  private static byte[] json(Object value) throws Exception {
    return Json.mapper().writeValueAsBytes(value);
  }

  @Test
  void smallScalarsWrittenWithoutTheMapperAreTheMappersBytes() throws Exception {
    List<Object> values = List.of(0, -1, 7, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
        (short) -3, (byte) 127, true, false, "", "plain text 123 ~{}[]:,", "quote \" in", "back\\slash",
        "tab\t", "\u0001", "del \u007f", "é", "日本", "\uD83D\uDE00", "</script>", "x".repeat(5000));
    for (Object v : values) {
      byte[] plain = RawJson.plainText(v);
      if (plain != null) {
        assertArrayEquals(json(v), plain, String.valueOf(v));
      }
      assertArrayEquals(json(v), RawJson.bytes(RawJson.snapshot(v)), String.valueOf(v));
    }
    assertEquals(null, RawJson.plainText(1.5), "doubles are the mapper's (its shortest-decimal writer)");
  }

  @Test
  void aNodeIsItsTextKeptAsGiven() throws Exception {
    byte[] text = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
    JsonNode node = RawJson.node(text);
    assertTrue(RawJson.isRaw(node));
    assertSame(text, RawJson.bytes(node), "the array is kept, not copied");
    assertEquals(7, RawJson.sizeBound(node), "exact for text");
    assertEquals(Json.mapper().readTree("[1,2,3]"), RawJson.tree(node));
    assertEquals("[1,2,3]", node.toString());
    assertEquals(List.of(1, 2, 3), RawJson.read(node, Json.mapper().getTypeFactory()
        .constructCollectionType(List.class, Integer.class)));
    assertThrows(NullPointerException.class, () -> RawJson.node(null));
  }

  @Test
  void aTreeIsNotRawAndReadsAsItself() throws Exception {
    JsonNode tree = Json.toTree(WEIGHTS);
    assertFalse(RawJson.isRaw(tree));
    assertFalse(RawJson.isRaw(Json.mapper().getNodeFactory().pojoNode("not raw")));
    assertSame(tree, RawJson.tree(tree));
    assertSame(tree, RawJson.withoutText(tree));
    assertEquals(-1, RawJson.sizeBound(tree), "unknown for a tree");
    assertArrayEquals(json(WEIGHTS), RawJson.bytes(tree));
    assertArrayEquals(WEIGHTS, RawJson.read(tree, Json.mapper().constructType(double[].class)));
  }

  @Test
  void ofWritesTheValueAtOnce() throws Exception {
    JsonNode raw = RawJson.of(WEIGHTS);
    assertArrayEquals(json(WEIGHTS), RawJson.bytes(raw));
    assertSame(RawJson.bytes(raw), RawJson.bytes(raw));
    assertArrayEquals(WEIGHTS, RawJson.read(raw, Json.mapper().constructType(double[].class)));
    assertEquals(Json.toTree(WEIGHTS), RawJson.tree(raw));
    assertSame(raw, RawJson.withoutText(raw), "text alone stays as it is");
  }

  @Test
  void everySnapshotKindIsAPrivateCopyThatReadsBackAsTheSameValue() throws Exception {
    double[] d = WEIGHTS.clone();
    float[] f = {1.5f, -0.1f};
    long[] l = {Long.MIN_VALUE, 7};
    int[] i = {Integer.MAX_VALUE, -3};
    Object[] values = {d, f, l, i, "tab\t\"é", 2.5, 1.25f, 9L, 7, (short) 3, (byte) 2, true};
    for (Object v : values) {
      JsonNode snap = RawJson.snapshot(v);
      assertTrue(RawJson.isRaw(snap), v.getClass().getSimpleName());
      Object read = RawJson.read(snap, Json.mapper().constructType(v.getClass()));
      if (v.getClass().isArray()) {
        assertNotSame(v, read, "a reader gets its own copy of " + v.getClass().getSimpleName());
      }
      assertArrayEquals(json(v), json(read), v.getClass().getSimpleName());
      assertArrayEquals(json(v), RawJson.bytes(snap), v.getClass().getSimpleName());
      assertEquals(Json.mapper().readTree(json(v)), RawJson.tree(snap), v.getClass().getSimpleName());
      assertEquals(RawJson.of(v), snap, v.getClass().getSimpleName());
    }
    JsonNode ds = RawJson.snapshot(d);
    JsonNode fs = RawJson.snapshot(f);
    JsonNode ls = RawJson.snapshot(l);
    JsonNode is = RawJson.snapshot(i);
    d[0] = 99;
    f[0] = 99;
    l[0] = 99;
    i[0] = 99;
    assertEquals(0.1, RawJson.<double[]>read(ds, Json.mapper().constructType(double[].class))[0]);
    assertEquals(1.5f, RawJson.<float[]>read(fs, Json.mapper().constructType(float[].class))[0]);
    assertEquals(Long.MIN_VALUE, RawJson.<long[]>read(ls, Json.mapper().constructType(long[].class))[0]);
    assertEquals(Integer.MAX_VALUE, RawJson.<int[]>read(is, Json.mapper().constructType(int[].class))[0]);
    double[] mine = RawJson.read(ds, Json.mapper().constructType(double[].class));
    mine[1] = 42; // the reader changes its copy
    assertArrayEquals(WEIGHTS, RawJson.read(ds, Json.mapper().constructType(double[].class)));
  }

  @Test
  void otherValuesAreWrittenAtOnce() throws Exception {
    JsonNode map = RawJson.snapshot(Map.of("a", 1));
    assertEquals(7, RawJson.sizeBound(map));
    assertEquals("{\"a\":1}", new String(RawJson.bytes(map), StandardCharsets.UTF_8));
    JsonNode nothing = RawJson.snapshot(null);
    assertEquals("null", new String(RawJson.bytes(nothing), StandardCharsets.UTF_8));
    assertEquals(List.of(1.0, 2.0), RawJson.read(RawJson.snapshot(new double[] {1, 2}),
        Json.mapper().getTypeFactory().constructCollectionType(List.class, Double.class)), "another type reads the text");
  }

  @Test
  void aSnapshotsSizeBoundHoldsUntilWrittenThenIsExact() throws Exception {
    Object[] values = {new double[] {-Double.MIN_NORMAL, -Double.MAX_VALUE, -0.0},
        new float[] {-Float.MIN_NORMAL, -Float.MAX_VALUE}, new long[] {Long.MIN_VALUE, Long.MIN_VALUE},
        new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, "\u0001\u0002\u0003", -Double.MIN_NORMAL, Long.MIN_VALUE,
        true};
    long[] bounds = {25 * 3 + 2, 16 * 2 + 2, 21 * 2 + 2, 12 * 2 + 2, 6 * 3 + 2, 34, 34, 34};
    for (int k = 0; k < values.length; k++) {
      JsonNode snap = RawJson.snapshot(values[k]);
      assertEquals(bounds[k], RawJson.sizeBound(snap), values[k].getClass().getSimpleName());
      assertTrue(bounds[k] >= json(values[k]).length, values[k].getClass().getSimpleName());
      assertEquals(RawJson.bytes(snap).length, RawJson.sizeBound(snap), "exact once written");
    }
  }

  @Test
  void withoutTextKeepsTheValueOnceItsTextHasServed() throws Exception {
    JsonNode snap = RawJson.snapshot(WEIGHTS);
    assertSame(snap, RawJson.withoutText(snap), "nothing to drop before the text is written");
    RawJson.bytes(snap);
    JsonNode kept = RawJson.withoutText(snap);
    assertNotSame(snap, kept);
    assertTrue(RawJson.isRaw(kept));
    assertEquals(25L * WEIGHTS.length + 2, RawJson.sizeBound(kept), "the text is gone: the bound again");
    assertEquals(snap, kept);
    assertArrayEquals(WEIGHTS, RawJson.read(kept, Json.mapper().constructType(double[].class)));
  }

  @Test
  void equalValuesAreEqualNodesWhateverTheirForm() throws Exception {
    RawJson a = (RawJson) ((com.fasterxml.jackson.databind.node.POJONode) RawJson.snapshot(WEIGHTS)).getPojo();
    RawJson b = (RawJson) ((com.fasterxml.jackson.databind.node.POJONode) RawJson.of(WEIGHTS)).getPojo();
    RawJson c = (RawJson) ((com.fasterxml.jackson.databind.node.POJONode) RawJson.of(new double[] {1})).getPojo();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(Arrays.hashCode(json(WEIGHTS)), a.hashCode());
    assertNotEquals(a, c);
    assertNotEquals(a, "not raw");
    assertEquals(new String(json(WEIGHTS), StandardCharsets.UTF_8), a.toString());
  }

  @Test
  void insideATreeItIsWrittenAsItsTextByEveryKindOfWriter() throws Exception {
    double[] big = new double[20_000]; // larger than a generator's buffer
    Arrays.setAll(big, k -> k / 7.0);
    for (double[] value : new double[][] {WEIGHTS, big}) {
      ObjectNode inside = Json.mapper().createObjectNode();
      inside.set("train/node-1", RawJson.snapshot(value));
      inside.put("z", 1);
      String expected = "{\"train/node-1\":" + new String(json(value), StandardCharsets.UTF_8) + ",\"z\":1}";
      assertEquals(expected, Json.mapper().writeValueAsString(inside), "a character writer");
      assertEquals(expected, new String(Json.mapper().writeValueAsBytes(inside), StandardCharsets.UTF_8),
          "a byte writer");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Json.mapper().writeValue(out, inside);
      assertEquals(expected, out.toString(StandardCharsets.UTF_8), "a stream");
      StringWriter w = new StringWriter();
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(w, RawJson.of(value));
      assertEquals(new String(json(value), StandardCharsets.UTF_8), w.toString(), "pretty-printed: the same text");
    }
  }

  /** The text Jackson is handed honours {@link SerializableString}: unquoted only, -1 when it does not fit. */
  @Test
  void theTextHandedToJacksonIsUnquotedAndSaysWhenItDoesNotFit() throws Exception {
    SerializableString[] seen = new SerializableString[1];
    JsonGenerator real = Json.mapper().getFactory().createGenerator(new StringWriter());
    JsonGenerator capture = new JsonGeneratorDelegate(real) {
      @Override
      public void writeRawValue(SerializableString text) throws java.io.IOException {
        seen[0] = text;
        super.writeRawValue(text);
      }
    };
    Json.mapper().writeTree(capture, RawJson.node("[1,\"é\"]".getBytes(StandardCharsets.UTF_8)));
    SerializableString text = seen[0];
    byte[] utf8 = "[1,\"é\"]".getBytes(StandardCharsets.UTF_8);
    assertEquals("[1,\"é\"]", text.getValue());
    assertEquals(7, text.charLength());
    assertArrayEquals(utf8, text.asUnquotedUTF8());

    byte[] bytes = new byte[utf8.length + 2];
    assertEquals(utf8.length, text.appendUnquotedUTF8(bytes, 2));
    assertArrayEquals(utf8, Arrays.copyOfRange(bytes, 2, bytes.length));
    assertEquals(-1, text.appendUnquotedUTF8(new byte[utf8.length + 2], 3), "one byte short");
    assertEquals(utf8.length, text.appendUnquotedUTF8(new byte[utf8.length], 0), "an exact fit");

    char[] chars = new char[9];
    assertEquals(7, text.appendUnquoted(chars, 2));
    assertEquals("[1,\"é\"]", new String(chars, 2, 7));
    assertEquals(-1, text.appendUnquoted(new char[9], 3), "one char short");
    assertEquals(7, text.appendUnquoted(new char[7], 0), "an exact fit");

    ByteBuffer room = ByteBuffer.allocate(utf8.length);
    assertEquals(utf8.length, text.putUnquotedUTF8(room));
    assertArrayEquals(utf8, room.array());
    assertEquals(-1, text.putUnquotedUTF8(ByteBuffer.allocate(utf8.length - 1)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(utf8.length, text.writeUnquotedUTF8(out));
    assertArrayEquals(utf8, out.toByteArray());

    assertThrows(UnsupportedOperationException.class, text::asQuotedChars);
    assertThrows(UnsupportedOperationException.class, text::asQuotedUTF8);
    assertThrows(UnsupportedOperationException.class, () -> text.writeQuotedUTF8(new ByteArrayOutputStream()));
    assertEquals(-1, text.appendQuotedUTF8(new byte[100], 0));
    assertEquals(-1, text.appendQuoted(new char[100], 0));
    assertEquals(-1, text.putQuotedUTF8(ByteBuffer.allocate(100)));
  }

  @Test
  void slabSizedArraysOfEveryKindReadBackWholeAsPrivateCopies() throws Exception {
    // 64 KiB of each kind: kept in a slab after another value; each read is a new array of its elements.
    double[] d = new double[8192];
    float[] f = new float[16384];
    long[] l = new long[8192];
    int[] i = new int[16384];
    for (int k = 0; k < i.length; k++) {
      f[k] = k * 0.5f;
      i[k] = -k;
      if (k < d.length) {
        d[k] = k * 1.25;
        l[k] = Long.MAX_VALUE - k;
      }
    }
    List<Object> originals = List.of(d, f, l, i);
    List<Object> expected = List.of(d.clone(), f.clone(), l.clone(), i.clone());
    List<JsonNode> snapshots = new java.util.ArrayList<>();
    for (Object a : originals) {
      Object other = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), 8192);
      for (int k = 0; k < 8192; k++) {
        java.lang.reflect.Array.set(other, k, a instanceof double[] ? (Object) 7.0 : a instanceof float[] ? (Object) 7f
            : a instanceof long[] ? (Object) 7L : (Object) 7);
      }
      RawJson.snapshot(other); // another value first, so this one lies further into the slab
      snapshots.add(RawJson.snapshot(a));
    }
    d[0] = 99;
    f[0] = 99;
    l[0] = 99;
    i[0] = 99;
    for (int k = 0; k < snapshots.size(); k++) {
      Object original = expected.get(k);
      Object first = RawJson.read(snapshots.get(k), Json.mapper().constructType(original.getClass()));
      Object second = RawJson.read(snapshots.get(k), Json.mapper().constructType(original.getClass()));
      assertNotSame(first, second);
      assertEquals(java.lang.reflect.Array.getLength(original), java.lang.reflect.Array.getLength(first));
      for (int e = 0; e < java.lang.reflect.Array.getLength(original); e++) {
        assertEquals(java.lang.reflect.Array.get(original, e), java.lang.reflect.Array.get(first, e));
      }
    }
  }

  @Test
  void valuesKeptFromManyThreadsAtOnceEachReadBackAsThemselves() throws Exception {
    // 8 threads × 300 values of 16 KiB: several slabs fill and are replaced while others reserve
    // (some values are then plain copies); no two values may share elements.
    int threads = 8;
    int each = 300;
    JsonNode[][] kept = new JsonNode[threads][each];
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<Thread> all = new java.util.ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          go.await();
          for (int k = 0; k < each; k++) {
            double[] value = new double[2048];
            Arrays.fill(value, thread * 1_000_000 + k);
            kept[thread][k] = RawJson.snapshot(value);
            Arrays.fill(value, -1); // the caller's array changes after the snapshot
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      worker.start();
      all.add(worker);
    }
    go.countDown();
    for (Thread worker : all) {
      worker.join(60_000);
    }
    assertEquals(List.of(), failures);
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < each; k++) {
        double[] back = RawJson.read(kept[t][k], Json.mapper().constructType(double[].class));
        double[] expected = new double[2048];
        Arrays.fill(expected, t * 1_000_000 + k);
        assertArrayEquals(expected, back, "value " + k + " of thread " + t);
      }
    }
  }

  @Test
  void snapshotTypeNamesTheArrayASnapshotKeepsAndNothingElse() throws Exception {
    assertEquals(double[].class, RawJson.snapshotType(RawJson.snapshot(new double[100_000]))); // in a slab
    assertEquals(double[].class, RawJson.snapshotType(RawJson.snapshot(new double[] {1.5}))); // cloned
    assertEquals(float[].class, RawJson.snapshotType(RawJson.snapshot(new float[] {1f})));
    assertEquals(long[].class, RawJson.snapshotType(RawJson.snapshot(new long[] {1L})));
    assertEquals(int[].class, RawJson.snapshotType(RawJson.snapshot(new int[] {1})));
    assertEquals(null, RawJson.snapshotType(RawJson.snapshot("text")));
    assertEquals(null, RawJson.snapshotType(RawJson.snapshot(List.of(1.5))));
    assertEquals(null, RawJson.snapshotType(RawJson.node("[1.5]".getBytes(StandardCharsets.UTF_8))));
    assertEquals(null, RawJson.snapshotType(Json.mapper().readTree("[1.5]")));
  }

  /** A byte array is written and read by the JDK's base64, giving exactly Jackson's text and bytes. */
  @Test
  void aByteArrayIsWrittenAsJacksonWritesItAndReadBack() throws Exception {
    java.util.Random random = new java.util.Random(5);
    for (int n : new int[] {0, 1, 2, 3, 4, 5, 57, 1000, 1 << 20}) {
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      JsonNode node = RawJson.snapshot(bytes);
      assertArrayEquals(json(bytes), RawJson.bytes(node), "length " + n);
      assertArrayEquals(bytes, RawJson.<byte[]>read(node, Json.mapper().constructType(byte[].class)), "length " + n);
      // Text Jackson wrote reads back the same way.
      assertArrayEquals(bytes, RawJson.<byte[]>read(RawJson.node(json(bytes)),
          Json.mapper().constructType(byte[].class)));
    }
    // Not plain base64 (an escaped slash, a line feed escape): Jackson reads it, as before.
    byte[] escaped = "\"AQID\\/w==\"".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(Json.mapper().readValue(escaped, byte[].class),
        RawJson.<byte[]>read(RawJson.node(escaped), Json.mapper().constructType(byte[].class)));
    // Not a string at all: Jackson's error, as before.
    assertThrows(java.io.IOException.class, () -> RawJson.read(RawJson.node("{}".getBytes(StandardCharsets.UTF_8)),
        Json.mapper().constructType(byte[].class)));
  }
}
