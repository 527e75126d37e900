package dev.manta.graph;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one naming rule for swarms, aliases, networks, globals and modules, because they become
 * Docker object names: lower-case letters, digits, {@code _} and {@code -}, starting with a letter,
 * at most 63 characters.
 */
public final class Names {
  /** The rule as a regular expression. */
  public static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  /** The rule in words, for messages. */
  public static final String RULE =
      "lower-case letters, digits, '_' and '-', starting with a letter, at most 63 characters";

  private Names() {}

  public static boolean isValid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }

  /** A valid name close to {@code name}, for "did you mean" hints; may equal the input. */
  public static String suggest(String name) {
    String lower = snakeCase(name == null ? "" : name).replaceAll("[^a-z0-9_-]+", "_").replaceAll("__+", "_");
    if (lower.isEmpty() || !Character.isLetter(lower.charAt(0))) {
      lower = "x" + lower;
    }
    return lower.length() > 63 ? lower.substring(0, 63) : lower;
  }

  /** {@code FlTrainer} → {@code fl_trainer}; {@code trainers} stays as it is. */
  public static String snakeCase(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1)) && name.charAt(i - 1) != '_';
        boolean beforeLower = i > 0 && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
            && Character.isUpperCase(name.charAt(i - 1));
        if (afterLower || beforeLower) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
