package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * The results of earlier iterations of a run without a journal, moved out of memory into a file of
 * their own, so that the heap holds what the current iterations need (see {@link ResultValues}).
 *
 * <p>An iteration handed over ({@link #spill}) is written by one background thread, one iteration
 * after another; until its last value is in the file it is read from memory, so no reader waits for
 * the writer. One iteration is written at a time: handing over the next waits for the write before
 * (at most {@link #WRITE_WAIT}, then the values stay in memory). Each iteration takes one range of the file, read back with positional reads while
 * later iterations are appended. Snapshots of primitive arrays are written as their bytes (a
 * {@code double} takes 8 bytes, as in memory, and reads back bit for bit); every other value as its
 * JSON text. When the file cannot be written, the iteration stays in memory, nothing is lost, and
 * the reason is logged once. The file (in {@code java.io.tmpdir}) is deleted when the run ends.
 *
 * <p>Thread-safe: {@link #spill} and {@link #read} are called under the conductor's lock, the
 * writing happens on the spill's own thread.
 */
final class ResultSpill implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ResultSpill.class.getName());
  private static final byte TEXT = 'T';
  private static final byte DOUBLES = 'D';
  private static final byte FLOATS = 'F';
  private static final byte LONGS = 'J';
  private static final byte INTS = 'I';

  private final Path dir;
  /** Iterations handed over whose values are not all in the file yet: read from here. */
  private final Map<Integer, Map<String, Map<String, JsonNode>>> pending = new ConcurrentHashMap<>();
  /**
   * Iterations in the file: their {start, end} ranges in the order written (one for an iteration
   * handed over, possibly several for values appended one by one). Set before the iteration leaves
   * {@link #pending}.
   */
  private final Map<Integer, List<long[]>> ranges = new ConcurrentHashMap<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "manta-result-spill");
    t.setDaemon(true);
    return t;
  });
  /** How long a hand-over waits for the previous iteration's write before keeping the values in memory. */
  static final Duration WRITE_WAIT = Duration.ofMinutes(1);
  private final Semaphore inFlight = new Semaphore(1);
  /** The writes' buffer, made with the file (the spill's thread only: most runs never spill). */
  private ByteBuffer buffer;
  private volatile FileChannel file;
  private volatile boolean failed;
  private long end;
  /** The appends' writer while values are appended one by one ({@link #append}), else {@code null}. */
  private Appender appending;

  /** A spill whose file will be created in {@code dir} when the first iteration is handed over. */
  ResultSpill(Path dir) {
    this.dir = dir;
  }

  /** Hands over the values of {@code iteration} (tag → key → value); the caller no longer changes them. */
  void spill(int iteration, Map<String, Map<String, JsonNode>> values) {
    pending.put(iteration, values);
    if (failed) {
      return; // the file could not be written: the values stay in memory
    }
    // One iteration in flight at most, so memory stays bounded when iterations end faster than
    // the disk takes their results: the next hand-over waits for the previous write (bounded).
    try {
      if (!inFlight.tryAcquire(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        warnOnce("the previous iteration's results were not written within " + WRITE_WAIT.toSeconds() + " s");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      writer.execute(() -> write(iteration, values));
    } catch (RejectedExecutionException e) {
      inFlight.release(); // closed: the run has ended and the values stay where they are
    }
  }

  private void warnOnce(String why) {
    boolean first = !failed;
    failed = true;
    if (first && !writer.isShutdown()) {
      LOG.log(System.Logger.Level.WARNING, "cannot move the results of earlier iterations out of memory (into "
          + dir + "): " + why + "; they stay in memory (give the JVM more heap, or run with a journal)");
    }
  }

  /** Whether {@code iteration} was handed over. */
  boolean holds(int iteration) {
    return pending.containsKey(iteration) || ranges.containsKey(iteration);
  }

  /** Whether every value of {@code iteration} is in the file (and no longer in memory). */
  boolean written(int iteration) {
    return ranges.containsKey(iteration) && !pending.containsKey(iteration);
  }

  /** The values of {@code iteration} (tag → key → value, sorted), from memory or read back from the file. */
  Map<String, Map<String, JsonNode>> read(int iteration) {
    Map<String, Map<String, JsonNode>> inMemory = pending.get(iteration);
    if (inMemory != null) {
      return inMemory;
    }
    List<long[]> written = ranges.get(iteration);
    if (written == null) {
      return Map.of();
    }
    try {
      Map<String, Map<String, JsonNode>> out = new TreeMap<>();
      for (long[] bounds : List.copyOf(written)) { // in the order written: a later value replaces an earlier one
        RangeInput range = new RangeInput(file, bounds[0], bounds[1]);
        decode(range, new DataInputStream(new BufferedInputStream(range, 1 << 16)), out);
      }
      return out;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the results of iteration " + iteration + " back from "
          + dir + ": " + e, e);
    }
  }

  /** Writes one iteration at the end of the file (on the spill's thread). */
  private void write(int iteration, Map<String, Map<String, JsonNode>> values) {
    try {
      long start = end;
      Appender appender = new Appender(open(), start, buffer);
      for (Map.Entry<String, Map<String, JsonNode>> byTag : values.entrySet()) {
        for (Map.Entry<String, JsonNode> value : byTag.getValue().entrySet()) {
          encode(byTag.getKey(), value.getKey(), value.getValue(), appender);
        }
      }
      long at = appender.finish();
      end = at;
      ranges.put(iteration, List.of(new long[] {start, at}));
      pending.remove(iteration);
    } catch (IOException | RuntimeException e) {
      warnOnce(e.toString());
    } finally {
      inFlight.release();
    }
  }

  /** The file, created (and unlinked) on first use, with the writes' buffer. */
  private FileChannel open() throws IOException {
    FileChannel out = file;
    if (out == null) {
      Path path = Files.createTempFile(dir, "manta-results-", ".spill");
      out = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
          StandardOpenOption.DELETE_ON_CLOSE);
      try {
        Files.delete(path); // where the system allows it: gone even if the JVM is killed
      } catch (IOException e) {
        // deleted on close instead
      }
      buffer = ByteBuffer.allocateDirect(1 << 20);
      file = out;
    }
    return out;
  }

  /**
   * Appends one value on the caller's thread (values of one iteration may come in any order and
   * between other iterations'; a later value of a key replaces an earlier one). Readable once
   * {@link #endAppends} returns. For a spill filled only this way (never {@link #spill}), by one
   * thread.
   */
  void append(int iteration, String tag, String key, JsonNode value) throws IOException {
    if (appending == null) {
      appending = new Appender(open(), end, buffer);
    }
    long start = appending.position();
    encode(tag, key, value, appending);
    long stop = appending.position();
    List<long[]> written = ranges.computeIfAbsent(iteration, i -> new ArrayList<>());
    long[] last = written.isEmpty() ? null : written.get(written.size() - 1);
    if (last != null && last[1] == start) {
      last[1] = stop; // right after the iteration's previous value: one range
    } else {
      written.add(new long[] {start, stop});
    }
  }

  /** Writes what {@link #append} buffered; the values appended are readable from then on. */
  void endAppends() throws IOException {
    if (appending != null) {
      end = appending.finish();
      appending = null;
      ranges.replaceAll((i, written) -> List.copyOf(written));
    }
  }

  /** The iterations handed over or appended, ascending. */
  SortedSet<Integer> iterations() {
    SortedSet<Integer> out = new TreeSet<>(pending.keySet());
    out.addAll(ranges.keySet());
    return out;
  }

  /** One value: tag, key, its kind, its length in bytes and its bytes. */
  private static void encode(String tag, String key, JsonNode value, Appender out) throws IOException {
    Class<?> snapshot = RawJson.snapshotType(value);
    ByteArrayOutputStream head = new ByteArrayOutputStream(64);
    DataOutputStream h = new DataOutputStream(head);
    h.writeUTF(tag);
    h.writeUTF(key);
    out.put(head.toByteArray());
    if (snapshot == double[].class) {
      double[] d = RawJson.read(value, Json.mapper().constructType(double[].class));
      out.array(DOUBLES, d.length, Double.BYTES, (view, at, n) -> view.asDoubleBuffer().put(d, at, n));
    } else if (snapshot == float[].class) {
      float[] f = RawJson.read(value, Json.mapper().constructType(float[].class));
      out.array(FLOATS, f.length, Float.BYTES, (view, at, n) -> view.asFloatBuffer().put(f, at, n));
    } else if (snapshot == long[].class) {
      long[] l = RawJson.read(value, Json.mapper().constructType(long[].class));
      out.array(LONGS, l.length, Long.BYTES, (view, at, n) -> view.asLongBuffer().put(l, at, n));
    } else if (snapshot == int[].class) {
      int[] i = RawJson.read(value, Json.mapper().constructType(int[].class));
      out.array(INTS, i.length, Integer.BYTES, (view, at, n) -> view.asIntBuffer().put(i, at, n));
    } else {
      byte[] text = RawJson.bytes(value);
      out.kind(TEXT, text.length);
      out.put(text);
    }
  }

  /**
   * Appends bytes at the end of the file through one buffer that the spill's thread reuses: many
   * small values go out in one write, a large one in buffer-sized writes, without a copy of its own.
   */
  private static final class Appender {
    private final FileChannel file;
    private final ByteBuffer buffer;
    private long at;

    Appender(FileChannel file, long at, ByteBuffer buffer) {
      this.file = file;
      this.at = at;
      this.buffer = buffer.clear();
    }

    /** The buffer, with at least one element of room from its position (flushed if it was full). */
    ByteBuffer buffer() throws IOException {
      if (buffer.remaining() < Long.BYTES) {
        flush();
      }
      return buffer;
    }

    /** Puts elements {@code [at, at + n)} of an array into {@code view}. */
    interface Elements {
      void put(ByteBuffer view, int at, int n);
    }

    /**
     * A primitive array of {@code length} elements of {@code size} bytes: its kind, its length in
     * bytes, then its elements, little-endian (as x86 and ARM hold them), as many at a time as fit.
     */
    void array(byte kind, int length, int size, Elements elements) throws IOException {
      kind(kind, length * size);
      for (int at = 0; at < length; ) {
        int n = Math.min(length - at, room() / size);
        elements.put(buffer.slice().order(ByteOrder.LITTLE_ENDIAN), at, n);
        advance(n * size);
        at += n;
      }
    }

    /** Where the next byte goes in the file. */
    long position() {
      return at + buffer.position();
    }

    /** How many bytes fit before the buffer must be written (at least 8). */
    int room() throws IOException {
      return buffer().remaining();
    }

    void advance(int bytes) {
      buffer.position(buffer.position() + bytes);
    }

    void kind(byte kind, int length) throws IOException {
      buffer().put(kind);
      buffer().putInt(length);
    }

    void put(byte[] bytes) throws IOException {
      for (int from = 0; from < bytes.length; ) {
        int n = Math.min(bytes.length - from, room());
        buffer.put(bytes, from, n);
        from += n;
      }
    }

    private void flush() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        at += file.write(buffer, at);
      }
      buffer.clear();
    }

    /** Writes what is left; the file's new end. */
    long finish() throws IOException {
      flush();
      return at;
    }
  }

  /** The records of one iteration's range, read as a stream (a value at a time, never the whole range). */
  private static void decode(RangeInput range, DataInputStream in, Map<String, Map<String, JsonNode>> out)
      throws IOException {
    while (range.left() > 0 || in.available() > 0) {
      String tag = in.readUTF();
      String key = in.readUTF();
      byte kind = in.readByte();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      ByteBuffer body = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); // arrays are written little-endian
      JsonNode value = switch (kind) {
        case DOUBLES -> {
          double[] d = new double[bytes.length / Double.BYTES];
          body.asDoubleBuffer().get(d);
          yield RawJson.snapshot(d);
        }
        case FLOATS -> {
          float[] f = new float[bytes.length / Float.BYTES];
          body.asFloatBuffer().get(f);
          yield RawJson.snapshot(f);
        }
        case LONGS -> {
          long[] l = new long[bytes.length / Long.BYTES];
          body.asLongBuffer().get(l);
          yield RawJson.snapshot(l);
        }
        case INTS -> {
          int[] i = new int[bytes.length / Integer.BYTES];
          body.asIntBuffer().get(i);
          yield RawJson.snapshot(i);
        }
        case TEXT -> RawJson.node(bytes);
        default -> throw new IOException("unknown value kind " + kind + " for " + key + " under '" + tag + "'");
      };
      out.computeIfAbsent(tag, t -> new TreeMap<>()).put(key, value);
    }
  }

  /** The bytes of the file from {@code start} to {@code end}, by positional reads (the writer may append meanwhile). */
  private static final class RangeInput extends InputStream {
    private final FileChannel file;
    private long at;
    private final long end;

    RangeInput(FileChannel file, long start, long end) {
      this.file = file;
      this.at = start;
      this.end = end;
    }

    long left() {
      return end - at;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (at >= end) {
        return -1;
      }
      int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
      if (n < 0) {
        throw new IOException("the spill file ends at " + at + ", before the iteration's end at " + end);
      }
      at += n;
      return n;
    }
  }

  /**
   * Takes no more iterations; one being written is finished on the spill's thread (read from memory
   * until then). The file stays readable until {@link #close}.
   */
  void stopWriting() {
    writer.shutdown();
  }

  /** Stops the writer (bounded) and deletes the file. */
  @Override
  public void close() {
    writer.shutdownNow();
    try {
      writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    FileChannel out = file;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot delete the results spill file in " + dir + ": " + e);
      }
    }
  }
}
