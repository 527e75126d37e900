package dev.manta.client;

import java.util.Objects;

/**
 * One log line of a deployed swarm, as the conductor keeps it: the instance's lines
 * ({@code [alias@node] LEVEL text}) and the conductor's progress lines, in the order it got them.
 *
 * @param sequence its number, from 1: {@code logs(after)} resumes after one
 * @param text the line
 */
public record LogLine(long sequence, String text) {
  public LogLine {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return text;
  }
}
