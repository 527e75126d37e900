package dev.manta.runtime.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Arrays;

/**
 * A growable byte array that one journal line is written into, with the few JSON pieces the
 * instance entries need: ASCII literals, numbers, strings and raw values. Strings come out as
 * Jackson's generator writes them: printable ASCII without {@code "} or {@code \} is copied as it
 * is, any other string is written by the mapper (its escaping, byte for byte). Reused line after
 * line by one thread (not thread-safe).
 */
final class LineBuffer {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final int KEPT = 1 << 20;
  private byte[] bytes = new byte[512];
  private int length;

  /** Empties it (and lets go of an array a large line grew beyond {@value #KEPT} bytes). */
  void reset() {
    length = 0;
    if (bytes.length > KEPT) {
      bytes = new byte[512];
    }
  }

  /** Keeps its first {@code length} bytes. */
  void truncate(int length) {
    this.length = Math.min(this.length, length);
  }

  int length() {
    return length;
  }

  /** The buffer's array (valid up to {@link #length()}; changed by the next write). */
  byte[] array() {
    return bytes;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  void add(byte b) {
    room(1);
    bytes[length++] = b;
  }

  void add(byte[] b) {
    add(b, 0, b.length);
  }

  void add(byte[] b, int from, int count) {
    room(count);
    System.arraycopy(b, from, bytes, length, count);
    length += count;
  }

  /** {@code v} in decimal, as the generator writes an {@code int} or {@code long}. */
  void number(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        add(Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return;
      }
      add((byte) '-');
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    room(digits);
    for (int i = length + digits - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    length += digits;
  }

  /** {@code s} as a JSON string ({@code null} as {@code null}). */
  void string(String s) {
    if (s == null) {
      add(NULL);
      return;
    }
    int n = s.length();
    room(n + 2);
    int at = length;
    bytes[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        escaped(s); // rare in ids, aliases and node names: the generator's own escaping
        return;
      }
      bytes[at++] = (byte) c;
    }
    bytes[at++] = '"';
    length = at;
  }

  private void escaped(String s) {
    try {
      add(LineCodec.MAPPER.writeValueAsBytes(s));
    } catch (JsonProcessingException e) {
      throw new JournalException("cannot write journal string: " + e.getOriginalMessage(), e);
    }
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
