package dev.manta.runtime.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An append-only file of {@link JournalEntry}s, one JSON line each, numbered and chained by
 * checksum ({@code "seq"} first, {@code "sum"} last; see docs/runtime.md), so a deleted, moved or
 * edited line is found and named. {@link #append} with {@code commit} forces the file to disk
 * ({@link FileChannel#force}) before it returns, so a committed entry survives the process.
 *
 * <p>{@link #open} takes an exclusive lock on the journal ({@code <file>.lock}) that it holds until
 * {@link #close}, so a second run on the same file fails at once naming the holder; then it streams
 * the file once to check it. A torn last line (the process died while writing it) is cut off with a
 * warning. {@link #replay} streams the entries again; nothing holds the whole file in memory. Not
 * thread-safe: only the conductor's {@link JournalWriter} thread appends.
 */
public final class Journal implements AutoCloseable {
  private final Path file;
  private final JournalLock lock;
  private final FileChannel channel;
  private final JournalReader.Scan scan;
  private long seq;
  /** The last line's sum, its 16 hex digits as ASCII (none before line 1). */
  private byte[] lastSum;

  private Journal(Path file, JournalLock lock, FileChannel channel, JournalReader.Scan scan) {
    this.file = file;
    this.lock = lock;
    this.channel = channel;
    this.scan = scan;
    this.seq = scan.entries();
    this.lastSum = scan.lastSum().getBytes(StandardCharsets.US_ASCII);
  }

  /** Opens (creating if needed) the journal at {@code file}, locked for this run, to resume what it holds. */
  public static Journal open(Path file) {
    return open(file, false);
  }

  /**
   * Opens the journal at {@code file}, locked for this run. With {@code fresh}, what it holds is
   * discarded (under the lock, so a run still writing it is never cut short); else it is resumed.
   *
   * @throws JournalLockedException if another run holds the journal
   * @throws JournalException if it cannot be read, or a line is corrupt, missing or changed
   */
  public static Journal open(Path file, boolean fresh) {
    JournalLock lock = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      lock = JournalLock.acquire(file);
      try (FileChannel writer = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        if (fresh && writer.size() > 0) {
          writer.truncate(0);
          writer.force(true);
        }
      }
      JournalReader.Scan scan = JournalReader.scan(file, Long.MAX_VALUE, e -> { });
      if (scan.goodLength() < Files.size(file)) {
        try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
          writer.truncate(scan.goodLength());
          writer.force(true);
        }
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND);
      return new Journal(file, lock, channel, scan);
    } catch (IOException | RuntimeException e) {
      if (lock != null) {
        try {
          lock.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Whether the file held entries when it was opened (a run to resume). */
  public boolean hasEntries() {
    return scan.entries() > 0;
  }

  /** The first entry the file held when it was opened ({@code swarm-started} for a journal a run wrote). */
  public Optional<JournalEntry> first() {
    return Optional.ofNullable(scan.first());
  }

  /** Streams the entries the file held when it was opened to {@code sink}, in order. */
  public void replay(Consumer<JournalEntry> sink) {
    JournalReader.scan(file, scan.goodLength(), sink);
  }

  /** The entries the file held when it was opened, all in memory (for tools and tests; runs use {@link #replay}). */
  public List<JournalEntry> existing() {
    List<JournalEntry> out = new ArrayList<>();
    replay(out::add);
    return out;
  }

  /** Warnings from opening it (a torn last line). */
  public List<String> warnings() {
    return scan.warnings();
  }

  /** Appends one entry as one line; with {@code commit}, forces it (and all before it) to disk. */
  public void append(JournalEntry entry, boolean commit) {
    appendAll(List.of(entry));
    if (commit) {
      force();
    }
  }

  /** How many bytes of lines {@link #appendAll} gathers into one write. */
  private static final int GATHER_BYTES = 1 << 20;
  /** The buffer {@link #appendAll} gathers lines in, made once. */
  private ByteBuffer gather;
  /** The buffer each line is encoded in, reused line after line. */
  private final LineBuffer line = new LineBuffer();

  /**
   * Appends {@code entries} in order, one line each, gathering up to 1 MiB of lines into each
   * write (one system call for a batch of small lines instead of one per line); not forced.
   */
  public void appendAll(List<JournalEntry> entries) {
    if (gather == null) {
      gather = ByteBuffer.allocate(GATHER_BYTES);
    }
    ByteBuffer gathered = gather.clear();
    try {
      for (JournalEntry entry : entries) {
        LineCodec.encode(entry, seq + 1, lastSum, line);
        int length = line.length();
        boolean alone = length >= GATHER_BYTES / 2;
        if ((alone || gathered.remaining() < length) && gathered.position() > 0) {
          writeFully(gathered.flip()); // the lines before it go first
          gathered.clear();
        }
        if (alone) {
          writeFully(ByteBuffer.wrap(line.array(), 0, length));
        } else {
          gathered.put(line.array(), 0, length);
        }
        // Counted as written once queued for the write below: a failed write fails the journal.
        seq++;
        if (lastSum.length != 16) {
          lastSum = new byte[16];
        }
        System.arraycopy(line.array(), LineCodec.sumAt(line), lastSum, 0, 16);
      }
      if (gathered.position() > 0) {
        writeFully(gathered.flip());
      }
    } catch (IOException e) {
      throw new JournalException("cannot write journal " + file + ": " + describe(e), e);
    }
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Forces every line appended so far to disk. */
  public void force() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new JournalException("cannot write journal " + file + ": " + describe(e), e);
    }
  }

  /**
   * Reads every entry of a journal file (for tools and tests) without locking it, checking every
   * line as {@link #open} does and ignoring a torn last line.
   */
  public static List<JournalEntry> readAll(Path file) {
    List<JournalEntry> entries = new ArrayList<>();
    read(file, entries::add);
    return entries;
  }

  /**
   * Streams every entry of a journal file to {@code sink} without locking it (a run may be
   * appending to it), checking every line as {@link #open} does and ignoring a torn last line.
   */
  public static void read(Path file, Consumer<JournalEntry> sink) {
    JournalReader.scan(file, Long.MAX_VALUE, sink);
  }

  /**
   * Forces what was written, closes the file and releases the lock. The file is closed and the
   * lock released even when the force fails (a full or failing disk); then the error is thrown.
   */
  @Override
  public void close() {
    IOException failure = null;
    try {
      channel.force(false);
    } catch (IOException e) {
      failure = e;
    }
    try {
      channel.close();
    } catch (IOException e) {
      failure = keep(failure, e);
    }
    try {
      lock.close();
    } catch (IOException e) {
      failure = keep(failure, e);
    }
    if (failure != null) {
      throw new JournalException("cannot close journal " + file + ": " + describe(failure), failure);
    }
  }

  /** The error's message, or its kind when it has none (a closed channel says nothing). */
  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static IOException keep(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
