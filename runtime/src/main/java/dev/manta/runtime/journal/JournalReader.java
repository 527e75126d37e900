package dev.manta.runtime.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a journal file line by line (never the whole file in memory), checking every line's
 * sequence number and chained checksum ({@link LineCodec}). A torn last line — no line end, or not
 * a journal line at all — ends the good part with a warning; any other bad line is an error that
 * names the file and the line.
 */
final class JournalReader {
  private JournalReader() {}

  /** What a scan found: where the good part ends and what the next append chains to. */
  record Scan(long goodLength, long entries, String lastSum, JournalEntry first, List<String> warnings) {}

  /** Reads up to {@code limit} bytes of {@code file} (all of it with {@code Long.MAX_VALUE}), passing each entry to {@code sink}. */
  static Scan scan(Path file, long limit, Consumer<JournalEntry> sink) {
    List<String> warnings = new ArrayList<>();
    long size;
    try {
      size = Math.min(Files.size(file), limit);
    } catch (IOException e) {
      throw new JournalException("cannot read journal " + file + ": " + e.getMessage(), e);
    }
    long good = 0;
    long entries = 0;
    String sum = LineCodec.FIRST;
    JournalEntry first = null;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] line = new byte[8192];
      byte[] buffer = new byte[1 << 16];
      int bufferAt = 0;
      int bufferEnd = 0;
      long position = 0;
      int lineNo = 0;
      while (position < size) {
        int length = 0;
        boolean ended = false;
        while (position < size) {
          if (bufferAt == bufferEnd) {
            bufferEnd = in.read(buffer, 0, (int) Math.min(buffer.length, size - position));
            bufferAt = 0;
            if (bufferEnd <= 0) {
              bufferEnd = 0;
              size = position;
              break;
            }
          }
          int nl = bufferAt;
          while (nl < bufferEnd && buffer[nl] != '\n') {
            nl++;
          }
          int chunk = nl - bufferAt;
          if (length + chunk > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
          }
          System.arraycopy(buffer, bufferAt, line, length, chunk);
          length += chunk;
          position += chunk;
          bufferAt = nl;
          if (nl < bufferEnd) {
            bufferAt++;
            position++;
            ended = true;
            break;
          }
        }
        lineNo++;
        if (!ended) {
          warn(warnings, "journal " + file + ": line " + lineNo + " is torn (no line end: the process died while"
              + " writing it); ignoring it");
          break;
        }
        if (isBlank(line, length)) {
          good = position;
          continue;
        }
        LineCodec.Decoded decoded;
        try {
          decoded = LineCodec.decode(line, length, entries + 1, sum);
        } catch (LineCodec.Malformed e) {
          if (position >= size) {
            warn(warnings, "journal " + file + ": last line " + lineNo + " is torn (" + e.getMessage() + "); ignoring it");
            break;
          }
          throw new JournalException("journal " + file + " line " + lineNo + " is corrupt (" + e.getMessage()
              + "); it cannot be resumed: start with a new journal file");
        } catch (LineCodec.Broken e) {
          throw new JournalException("journal " + file + " line " + lineNo + " " + e.getMessage() + "; what the run"
              + " committed cannot be trusted, so it cannot be resumed: restore the file, or start with a new journal"
              + " file");
        }
        entries++;
        sum = decoded.sum();
        if (first == null) {
          first = decoded.entry();
        }
        sink.accept(decoded.entry());
        good = position;
      }
    } catch (IOException e) {
      throw new JournalException("cannot read journal " + file + ": " + e.getMessage(), e);
    }
    return new Scan(good, entries, sum, first, List.copyOf(warnings));
  }

  private static boolean isBlank(byte[] line, int length) {
    for (int i = 0; i < length; i++) {
      if (!Character.isWhitespace(line[i])) {
        return false;
      }
    }
    return true;
  }

  private static void warn(List<String> warnings, String message) {
    warnings.add(message);
    System.getLogger(Journal.class.getName()).log(System.Logger.Level.WARNING, message);
  }
}
