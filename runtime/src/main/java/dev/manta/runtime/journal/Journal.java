package dev.manta.runtime.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of {@link JournalEntry}s, one JSON line each. {@link #append} with
 * {@code commit} forces the file to disk ({@link FileChannel#force}) before it returns, so a
 * committed entry survives the process. Opening an existing journal reads its entries; a torn
 * last line (the process died while writing it) is cut off with a warning. Not thread-safe: only
 * the conductor's {@link JournalWriter} thread appends.
 */
public final class Journal implements AutoCloseable {
  /** The one Jackson configuration of Manta (manifests' values, messages, journal). */
  private static final ObjectMapper MAPPER = dev.manta.graph.Json.mapper();
  private static final System.Logger LOG = System.getLogger(Journal.class.getName());

  private final Path file;
  private final FileChannel channel;
  private final List<JournalEntry> existing;
  private final List<String> warnings;

  private Journal(Path file, FileChannel channel, List<JournalEntry> existing, List<String> warnings) {
    this.file = file;
    this.channel = channel;
    this.existing = List.copyOf(existing);
    this.warnings = List.copyOf(warnings);
  }

  /** Opens (creating if needed) the journal at {@code file} and reads what it holds. */
  public static Journal open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      List<JournalEntry> entries = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      long keep = read(file, Files.readAllBytes(file), entries, warnings);
      if (keep < channel.size()) {
        channel.truncate(keep);
        channel.force(true);
      }
      channel.position(keep);
      return new Journal(file, channel, entries, warnings);
    } catch (IOException e) {
      throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads entries; returns the byte length of the good part (where appending goes on). */
  private static long read(Path file, byte[] bytes, List<JournalEntry> out, List<String> warnings) {
    int start = 0;
    int lineNo = 0;
    while (start < bytes.length) {
      int nl = indexOf(bytes, (byte) '\n', start);
      lineNo++;
      boolean last = nl < 0 || nl == bytes.length - 1;
      int end = nl < 0 ? bytes.length : nl;
      String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      if (nl < 0) {
        warn(warnings, "journal " + file + ": line " + lineNo + " is torn (no line end; the process died while"
            + " writing it); ignoring it");
        return start;
      }
      if (!line.isBlank()) {
        try {
          out.add(MAPPER.readValue(line, JournalEntry.class));
        } catch (IOException e) {
          if (last) {
            warn(warnings, "journal " + file + ": last line " + lineNo + " is torn (" + firstLine(e.getMessage())
                + "); ignoring it");
            return start;
          }
          throw new JournalException("journal " + file + " line " + lineNo + " is corrupt (" + firstLine(e.getMessage())
              + "); it cannot be resumed: start with a new journal file", e);
        }
      }
      start = nl + 1;
    }
    return start;
  }

  private static void warn(List<String> warnings, String message) {
    warnings.add(message);
    LOG.log(System.Logger.Level.WARNING, message);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  public Path file() {
    return file;
  }

  /** The entries the file held when it was opened. */
  public List<JournalEntry> existing() {
    return existing;
  }

  /** Warnings from opening it (a torn last line). */
  public List<String> warnings() {
    return warnings;
  }

  /** Appends one entry as one line; with {@code commit}, forces it (and all before it) to disk. */
  public void append(JournalEntry entry, boolean commit) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(entry);
      ByteBuffer buffer = ByteBuffer.allocate(json.length + 1);
      buffer.put(json).put((byte) '\n').flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (commit) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new JournalException("cannot write journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Forces every line appended so far to disk. */
  public void force() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new JournalException("cannot write journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads every entry of a journal file (for tools and tests), ignoring a torn last line. */
  public static List<JournalEntry> readAll(Path file) {
    try {
      List<JournalEntry> entries = new ArrayList<>();
      read(file, Files.readAllBytes(file), entries, new ArrayList<>());
      return entries;
    } catch (IOException e) {
      throw new JournalException("cannot read journal " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      throw new JournalException("cannot close journal " + file + ": " + e.getMessage(), e);
    }
  }
}
