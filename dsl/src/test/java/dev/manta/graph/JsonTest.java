package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shared mapper writes sets in a fixed order, whatever order they iterate in. */
class JsonTest {
  enum Mode { SLOW, FAST }

  record Point(int x, int y) {}

  @SafeVarargs
  private static <T> Set<T> inOrder(T... elements) {
    return new LinkedHashSet<>(Arrays.asList(elements));
  }

  private static String json(Object value) {
    return Json.toTree(value).toString();
  }

  @Test
  void comparablesOfOneClassAreWrittenInNaturalOrder() {
    assertEquals("[2,10,33]", json(inOrder(33, 2, 10)), "numbers, not their text");
    assertEquals(json(inOrder(33, 2, 10)), json(inOrder(10, 33, 2)));
    assertEquals("[\"SLOW\",\"FAST\"]", json(inOrder(Mode.FAST, Mode.SLOW)), "enums in declaration order");
    assertEquals("[\"SLOW\",\"FAST\"]", json(EnumSet.allOf(Mode.class)));
  }

  @Test
  void equalByComparisonButDifferentTextIsStillOrdered() throws Exception {
    // 1.0 and 1.00 compare equal but are two elements of a set; their text decides
    var writer = Json.mapper().writer();
    assertEquals("[1.0,1.00,2]",
        writer.writeValueAsString(inOrder(new BigDecimal("2"), new BigDecimal("1.00"), new BigDecimal("1.0"))));
    assertEquals("[1.0,1.00,2]",
        writer.writeValueAsString(inOrder(new BigDecimal("1.0"), new BigDecimal("2"), new BigDecimal("1.00"))));
  }

  @Test
  void mixedOrNonComparableElementsAreOrderedByTheirJsonText() {
    assertEquals(json(inOrder("x", 1, null, List.of(2))), json(inOrder(List.of(2), null, 1, "x")));
    assertEquals("[\"x\",1,[2],null]", json(inOrder(null, List.of(2), 1, "x")));
    assertEquals("[{\"x\":1,\"y\":2},{\"x\":1,\"y\":3}]", json(inOrder(new Point(1, 3), new Point(1, 2))));
  }

  @Test
  void setsInsideMapsListsRecordsAndSetsAreSortedToo() {
    record Holder(Set<String> tags, Map<String, Set<Integer>> byName, List<Set<Set<String>>> deep) {}
    Holder one = new Holder(inOrder("b", "a"), Map.of("k", inOrder(3, 1)), List.of(inOrder(inOrder("z", "y"), inOrder("a"))));
    Holder two = new Holder(inOrder("a", "b"), Map.of("k", inOrder(1, 3)), List.of(inOrder(inOrder("a"), inOrder("y", "z"))));
    assertEquals(json(one), json(two));
    assertEquals("{\"tags\":[\"a\",\"b\"],\"byName\":{\"k\":[1,3]},\"deep\":[[[\"a\"],[\"y\",\"z\"]]]}", json(one));
    assertEquals("{\"s\":[\"a\",\"b\"]}", json(Map.of("s", Set.of("b", "a"))));
  }

  @Test
  void sortedSetsKeepTheirOwnOrder() {
    TreeSet<String> reversed = new TreeSet<>(Comparator.reverseOrder());
    reversed.addAll(List.of("a", "c", "b"));
    assertEquals("[\"c\",\"b\",\"a\"]", json(reversed));
    assertEquals("[]", json(Set.of()));
  }

  @Test
  void unwritableElementsStillFailWithJacksonsReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.toTree(inOrder(new Object(), "a")));
    assertTrue(e.getMessage().contains("No serializer found"), e.getMessage());
  }
}
