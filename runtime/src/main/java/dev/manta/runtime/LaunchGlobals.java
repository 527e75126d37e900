package dev.manta.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.Json;
import dev.manta.graph.SwarmGraph;
import dev.manta.validation.GraphValidator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the globals given at launch against the globals the swarm declares: every name must be
 * declared, and every value must fit the declared Java type (numbers for numeric types, whole ones in
 * range for integral types, text for strings, arrays for arrays and collections, objects for maps;
 * other types must convert with Jackson). Finds every problem, not only the first.
 */
final class LaunchGlobals {
  private static final Set<String> INTEGRAL = Set.of("int", "long", "short", "byte", "java.lang.Integer",
      "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.math.BigInteger");
  private static final Set<String> DECIMAL = Set.of("double", "float", "java.lang.Double", "java.lang.Float",
      "java.lang.Number", "java.math.BigDecimal");
  private static final Set<String> BOOLEAN = Set.of("boolean", "java.lang.Boolean");
  private static final Set<String> TEXT = Set.of("java.lang.String", "java.lang.CharSequence");
  private static final Set<String> CHAR = Set.of("char", "java.lang.Character");
  /** Types that take any JSON value. */
  private static final Set<String> ANY = Set.of("json", "null", "java.lang.Object",
      "com.fasterxml.jackson.databind.JsonNode");

  private LaunchGlobals() {}

  /** One line per problem of {@code given} against {@code graph}'s declared globals; empty if none. */
  static List<String> problems(SwarmGraph graph, Map<String, JsonNode> given, ClassLoader loader) {
    List<String> out = new ArrayList<>();
    List<String> declared = graph.globals().stream().map(GlobalSpec::name).sorted().toList();
    for (Map.Entry<String, JsonNode> e : given.entrySet()) {
      String name = e.getKey();
      GlobalSpec spec = graph.global(name).orElse(null);
      if (spec == null) {
        String close = GraphValidator.closest(name, declared).map(c -> "; did you mean '" + c + "'?").orElse("");
        out.add("global '" + name + "' is not declared by swarm '" + graph.name() + "' (declared: "
            + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ")" + close);
        continue;
      }
      String problem = mismatch(spec.javaType(), e.getValue(), loader);
      if (problem != null) {
        out.add("global '" + name + "' is a " + spec.javaType() + ", but " + describe(e.getValue()) + " " + problem);
      }
    }
    return out;
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return "the value given, " + text + ",";
  }

  /** Why {@code value} does not fit {@code type}, or {@code null} if it does. */
  private static String mismatch(String type, JsonNode value, ClassLoader loader) {
    String t = type.strip();
    if (ANY.contains(t) || value.isNull() && !isPrimitive(t)) {
      return null;
    }
    if (INTEGRAL.contains(t)) {
      if (value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) {
        return fits(t, value) ? null : "is out of its range";
      }
      return "is not a whole number" + hint(value, "a whole number, e.g. 10");
    }
    if (DECIMAL.contains(t)) {
      return value.isNumber() ? null : "is not a number" + hint(value, "a number, e.g. 0.5");
    }
    if (BOOLEAN.contains(t)) {
      return value.isBoolean() ? null : "is not true or false";
    }
    if (TEXT.contains(t)) {
      return value.isTextual() ? null : "is not text (quote it: \"...\")";
    }
    if (CHAR.contains(t)) {
      return value.isTextual() && value.asText().length() == 1 ? null : "is not a single character";
    }
    if (t.endsWith("[]")) {
      if (!value.isArray()) {
        return "is not an array" + hint(value, "a JSON array, e.g. [1,2,3] (quote the whole -D argument in the shell)");
      }
      return elements(t.substring(0, t.length() - 2), value, loader);
    }
    String raw = t.contains("<") ? t.substring(0, t.indexOf('<')) : t;
    Class<?> c = load(raw, loader);
    if (c == null) {
      return null;
    }
    if (Collection.class.isAssignableFrom(c)) {
      if (!value.isArray()) {
        return "is not a JSON array" + hint(value, "a JSON array, e.g. [\"a\",\"b\"]");
      }
      String element = typeArgument(t);
      return element == null ? null : elements(element, value, loader);
    }
    if (Map.class.isAssignableFrom(c)) {
      return value.isObject() ? null : "is not a JSON object" + hint(value, "a JSON object, e.g. {\"a\":1}");
    }
    try {
      Json.mapper().convertValue(value, c);
      return null;
    } catch (IllegalArgumentException e) {
      return "does not convert to it (" + firstLine(e.getMessage()) + ")";
    }
  }

  private static String elements(String elementType, JsonNode array, ClassLoader loader) {
    for (int i = 0; i < array.size(); i++) {
      String problem = mismatch(elementType, array.get(i), loader);
      if (problem != null) {
        return "has element [" + i + "] " + array.get(i) + ", which " + problem;
      }
    }
    return null;
  }

  private static String typeArgument(String type) {
    int open = type.indexOf('<');
    int close = type.lastIndexOf('>');
    if (open < 0 || close < open) {
      return null;
    }
    String args = type.substring(open + 1, close).strip();
    return args.contains(",") || args.contains("?") ? null : args;
  }

  /** Text where JSON was expected: say so, with the JSON parser's complaint when it looks like broken JSON. */
  private static String hint(JsonNode value, String expected) {
    if (!value.isTextual()) {
      return "; pass " + expected;
    }
    String text = value.asText().strip();
    String parse = "";
    if (!text.isEmpty() && "[{\"-0123456789".indexOf(text.charAt(0)) >= 0) {
      try {
        Json.mapper().readTree(text);
      } catch (java.io.IOException e) {
        parse = " (it looks like JSON but does not parse: " + firstLine(e.getMessage()) + ")";
      }
    }
    return "; it was read as text" + parse + "; pass " + expected;
  }

  private static boolean fits(String type, JsonNode value) {
    double d = value.asDouble();
    switch (type) {
      case "int", "java.lang.Integer":
        return value.canConvertToInt() || d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
      case "short", "java.lang.Short":
        return d >= Short.MIN_VALUE && d <= Short.MAX_VALUE;
      case "byte", "java.lang.Byte":
        return d >= Byte.MIN_VALUE && d <= Byte.MAX_VALUE;
      case "long", "java.lang.Long":
        return value.canConvertToLong();
      default:
        return true;
    }
  }

  private static boolean isPrimitive(String t) {
    return Set.of("int", "long", "short", "byte", "double", "float", "boolean", "char").contains(t);
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
