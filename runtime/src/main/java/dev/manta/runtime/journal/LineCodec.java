package dev.manta.runtime.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One journal line: the entry's JSON object with a sequence number first and a chained checksum
 * last, {@code {"seq":7,"type":"global-set",…,"sum":"0123456789abcdef"}}. {@code sum} is the first 8
 * bytes (hex) of SHA-256 over the previous line's {@code sum} and this line's text up to
 * {@code ,"sum"}; so an edited line fails its own sum, and a deleted or moved one fails the next
 * line's sequence number and sum.
 */
final class LineCodec {
  /** The one Jackson configuration of Manta (manifests' values, messages, journal). */
  static final ObjectMapper MAPPER = dev.manta.graph.Json.mapper();
  private static final byte[] SUM_FIELD = ",\"sum\":\"".getBytes(StandardCharsets.US_ASCII);
  /** {@code ,"sum":"} + 16 hex digits + {@code "}}. */
  private static final int SUM_SUFFIX = SUM_FIELD.length + 16 + 2;
  private static final byte[] SEQ_START = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
  /** The chain's start: the "previous sum" of line 1. */
  static final String FIRST = "";

  private LineCodec() {}

  /** A decoded line. */
  record Decoded(JournalEntry entry, long seq, String sum) {}

  /** Why a line is not a well-formed journal line (then it may be a torn write). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** Why a well-formed line does not fit the chain (it was edited, or lines were removed or moved). */
  static final class Broken extends Exception {
    private static final long serialVersionUID = 1L;

    Broken(String message) {
      super(message);
    }
  }

  /**
   * Writes the line of {@code entry} (with its line end) into {@code line}, from its start, chained
   * to {@code previousSum} (its hex digits as ASCII; empty for line 1). The line's own sum is then
   * at {@link #sumAt}. The instance entries are written field by field ({@link InstanceLines}), the
   * others by the mapper; the sum is computed over the buffer's bytes, without copies.
   */
  static void encode(JournalEntry entry, long seq, byte[] previousSum, LineBuffer line) {
    line.reset();
    line.add(SEQ_START);
    line.number(seq);
    line.add((byte) ',');
    if (!InstanceLines.fields(entry, line)) {
      byte[] body;
      try {
        body = MAPPER.writeValueAsBytes(entry);
      } catch (JsonProcessingException e) {
        throw new JournalException("cannot write journal entry " + entry + ": " + e.getOriginalMessage(), e);
      }
      line.add(body, 1, body.length - 1); // an object with at least "type": its fields and closing brace
    }
    int head = line.length() - 1; // up to the entry's closing brace, which the sum's field replaces
    byte[] digest = digest(previousSum, line.array(), head);
    line.truncate(head);
    line.add(SUM_FIELD);
    for (int i = 0; i < 8; i++) {
      line.add(HEX[(digest[i] >> 4) & 0xf]);
      line.add(HEX[digest[i] & 0xf]);
    }
    line.add((byte) '"');
    line.add((byte) '}');
    line.add((byte) '\n');
  }

  /** Where the 16 hex digits of the sum of the line {@code line} holds begin. */
  static int sumAt(LineBuffer line) {
    return line.length() - 1 - SUM_SUFFIX + SUM_FIELD.length;
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * Decodes one line (without its line end) that should hold entry {@code expectedSeq} chained to
   * {@code previousSum}.
   *
   * @throws Malformed if it is not a journal line at all (not JSON, no seq or sum, unknown entry)
   * @throws Broken if it is one, but not the expected one: wrong sequence number or checksum
   */
  static Decoded decode(byte[] line, int length, long expectedSeq, String previousSum) throws Malformed, Broken {
    int head = length - SUM_SUFFIX;
    if (head < SEQ_START.length || !startsWith(line, SEQ_START)
        || !Arrays.equals(line, head, head + SUM_FIELD.length, SUM_FIELD, 0, SUM_FIELD.length)
        || line[length - 2] != '"' || line[length - 1] != '}') {
      throw new Malformed("not a journal line: it must start with {\"seq\": and end with ,\"sum\":\"<16 hex digits>\"}"
          + " (a journal written by an older Manta, or edited)");
    }
    String stored = new String(line, head + SUM_FIELD.length, 16, StandardCharsets.US_ASCII);
    JsonNode tree;
    try {
      tree = MAPPER.readTree(line, 0, length);
    } catch (java.io.IOException e) {
      throw new Malformed("not JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (!(tree instanceof ObjectNode object) || !object.path("seq").canConvertToLong()) {
      throw new Malformed("no numeric \"seq\"");
    }
    long seq = object.get("seq").longValue();
    object.remove("seq");
    object.remove("sum");
    JournalEntry entry;
    try {
      entry = MAPPER.treeToValue(object, JournalEntry.class);
    } catch (JsonProcessingException e) {
      throw new Malformed("not a journal entry (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (seq != expectedSeq) {
      throw new Broken(seq > expectedSeq
          ? "holds entry #" + seq + " where entry #" + expectedSeq + " belongs: "
              + (seq - expectedSeq == 1 ? "entry #" + expectedSeq + " is" : "entries #" + expectedSeq + " to #" + (seq - 1)
              + " are") + " missing (lines were deleted)"
          : "holds entry #" + seq + " where entry #" + expectedSeq + " belongs (lines were copied or moved)");
    }
    String actual = sum(previousSum, line, head);
    if (!actual.equals(stored)) {
      throw new Broken("was changed after it was written (its checksum " + stored + " does not match its content, "
          + actual + ")");
    }
    return new Decoded(entry, seq, stored);
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    return Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** One SHA-256 per thread, reused line after line (looking one up costs more than a short line's digest). */
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  });

  private static String sum(String previous, byte[] bytes, int length) {
    return HexFormat.of().formatHex(digest(previous.getBytes(StandardCharsets.US_ASCII), bytes, length), 0, 8);
  }

  /** SHA-256 over {@code previous}, a line end and {@code bytes[0, length)}. */
  private static byte[] digest(byte[] previous, byte[] bytes, int length) {
    MessageDigest digest = DIGEST.get(); // digest() below resets it for the next line
    digest.update(previous);
    digest.update((byte) '\n');
    digest.update(bytes, 0, length);
    return digest.digest();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
