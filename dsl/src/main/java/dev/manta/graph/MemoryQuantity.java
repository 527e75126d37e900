package dev.manta.graph;

import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory quantities in the Kubernetes style: a positive number with an optional suffix, binary
 * ({@code Ki Mi Gi Ti Pi}) or decimal ({@code k M G T P}); no suffix means bytes.
 */
public final class MemoryQuantity {
  /** The accepted syntax in words, for messages. */
  public static final String SYNTAX =
      "a positive number with an optional suffix Ki, Mi, Gi, Ti, Pi (powers of 1024) or k, M, G, T, P "
          + "(powers of 1000), e.g. 512Mi or 4Gi";

  private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?");
  private static final Map<String, Long> FACTORS = Map.ofEntries(
      Map.entry("", 1L), Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20), Map.entry("Gi", 1L << 30),
      Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50), Map.entry("k", 1_000L), Map.entry("M", 1_000_000L),
      Map.entry("G", 1_000_000_000L), Map.entry("T", 1_000_000_000_000L), Map.entry("P", 1_000_000_000_000_000L));

  private MemoryQuantity() {}

  /** The number of bytes, or empty if {@code quantity} is not a positive quantity. */
  public static OptionalLong bytes(String quantity) {
    if (quantity == null) {
      return OptionalLong.empty();
    }
    Matcher m = QUANTITY.matcher(quantity);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    String suffix = m.group(2) == null ? "" : m.group(2);
    try {
      BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(FACTORS.get(suffix)));
      long value = bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
      return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
    } catch (ArithmeticException e) {
      return OptionalLong.empty();
    }
  }
}
