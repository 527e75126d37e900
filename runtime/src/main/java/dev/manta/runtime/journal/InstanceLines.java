package dev.manta.runtime.journal;

import dev.manta.graph.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of the entries every instance makes ({@code instance-assigned}, {@code -running},
 * {@code -ended}, and {@code result-added} for each result it adds), written straight into a
 * {@link LineBuffer} instead of through Jackson's object mapper or a generator made for each line:
 * the same bytes (fields in the records' order, {@code null} written, the mapper's escaping, a
 * value's JSON as the mapper writes it; {@code InstanceLinesTest}), at a fraction of the cost.
 */
final class InstanceLines {
  private static final byte[] ASSIGNED = ascii("\"type\":\"instance-assigned\",\"id\":");
  private static final byte[] RUNNING = ascii("\"type\":\"instance-running\",\"id\":");
  private static final byte[] ENDED = ascii("\"type\":\"instance-ended\",\"id\":");
  private static final byte[] RESULT = ascii("\"type\":\"result-added\",\"iteration\":");
  private static final byte[] ITERATION = ascii(",\"iteration\":");
  private static final byte[] ALIAS = ascii(",\"alias\":");
  private static final byte[] NODE = ascii(",\"node\":");
  private static final byte[] ATTEMPT = ascii(",\"attempt\":");
  private static final byte[] STATE = ascii(",\"state\":");
  private static final byte[] ERROR = ascii(",\"error\":");
  private static final byte[] TAG = ascii(",\"tag\":");
  private static final byte[] VALUE = ascii(",\"value\":");
  private static final byte[] BY = ascii(",\"by\":");
  private static final byte[] NULL = ascii("null");

  private InstanceLines() {}

  /** The entry's JSON object alone (for tests), or {@code null} if it is not one of the instance entries. */
  static byte[] bytes(JournalEntry entry) {
    LineBuffer out = new LineBuffer();
    out.add((byte) '{');
    return fields(entry, out) ? out.toByteArray() : null;
  }

  /**
   * Appends the entry's fields ({@code "type":…} to the closing brace, without the opening one) to
   * {@code out}, if it is one of the instance entries; else appends nothing and answers {@code false}.
   */
  static boolean fields(JournalEntry entry, LineBuffer out) {
    if (entry instanceof JournalEntry.InstanceAssigned a) {
      out.add(ASSIGNED);
      out.string(a.id());
      out.add(ITERATION);
      out.number(a.iteration());
      out.add(ALIAS);
      out.string(a.alias());
      out.add(NODE);
      out.string(a.node());
      out.add(ATTEMPT);
      out.number(a.attempt());
    } else if (entry instanceof JournalEntry.InstanceRunning r) {
      out.add(RUNNING);
      out.string(r.id());
    } else if (entry instanceof JournalEntry.ResultAdded r) {
      out.add(RESULT);
      out.number(r.iteration());
      out.add(TAG);
      out.string(r.tag());
      out.add(NODE);
      out.string(r.node());
      out.add(VALUE);
      if (r.value() == null) {
        out.add(NULL);
      } else {
        try {
          out.add(RawJson.bytes(r.value())); // a raw value's bytes as they are, any other through the mapper
        } catch (IOException e) {
          throw new JournalException("cannot write journal entry " + entry + ": " + e.getMessage(), e);
        }
      }
      out.add(ALIAS);
      out.string(r.alias());
      out.add(BY);
      out.string(r.by());
    } else if (entry instanceof JournalEntry.InstanceEnded e) {
      out.add(ENDED);
      out.string(e.id());
      out.add(STATE);
      out.string(e.state() == null ? null : e.state().name());
      out.add(ERROR);
      out.string(e.error());
    } else {
      return false;
    }
    out.add((byte) '}');
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
