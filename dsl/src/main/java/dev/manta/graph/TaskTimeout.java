package dev.manta.graph;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a task timeout: a whole number with a unit {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 90s}, {@code 10m}, {@code 2h}), or an ISO-8601 duration
 * ({@code PT10M}). Only positive durations are timeouts.
 */
public final class TaskTimeout {
  /** The accepted syntax in words, for messages. */
  public static final String SYNTAX =
      "a positive whole number with a unit ms, s, m, h or d (e.g. 90s, 10m, 2h), or an ISO-8601 duration such as PT10M";

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");

  private TaskTimeout() {}

  /** The duration of {@code text}, or empty if it is not a positive timeout. */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Duration d;
    Matcher m = SHORT.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  /** The shortest text {@link #parse} reads back as {@code d}: {@code 10m}, {@code 90s}, {@code 1500ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms <= 0 || !d.equals(Duration.ofMillis(ms))) {
      return d.toString();
    }
    long[] factors = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < factors.length; i++) {
      if (ms % factors[i] == 0) {
        return ms / factors[i] + units[i];
      }
    }
    return ms + "ms";
  }
}
