package dev.manta.runtime.cluster;

import java.util.List;

/**
 * Log lines of a deployed run after a sequence number ({@code GET} {@link ClusterLayout#LOGS_PATH}).
 *
 * @param lines the lines, oldest first
 * @param next the sequence number to ask after next time (the last line's, or the one asked for); an
 *     answer without it (0) resumes after its last line
 * @param ended whether the run has ended (no line will follow the last progress line)
 */
public record LogPage(List<Line> lines, long next, boolean ended) {
  public LogPage {
    lines = lines == null ? List.of() : List.copyOf(lines);
    if (next == 0) {
      next = lines.stream().mapToLong(Line::seq).max().orElse(0);
    }
  }

  /** One line: its sequence number (from 1) and text. */
  public record Line(long seq, String text) {}
}
