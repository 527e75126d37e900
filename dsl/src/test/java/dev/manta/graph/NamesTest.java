package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one naming rule and the derivation of aliases from Java names (README: {@code localTrainers} → {@code local_trainers}). */
class NamesTest {
  @Test
  void camelCaseMethodAndClassNamesBecomeSnakeCase() {
    assertEquals("local_trainers", Names.snakeCase("localTrainers"));
    assertEquals("fl_trainer", Names.snakeCase("FlTrainer"));
    assertEquals("trainers", Names.snakeCase("trainers"));
    assertEquals("a", Names.snakeCase("A"));
    assertEquals("get_x", Names.snakeCase("getX"), "a capital at the end follows a lower-case letter");
    assertEquals("x2_y", Names.snakeCase("x2Y"), "a digit counts as lower-case");
  }

  @Test
  void acronymsStayOneWord() {
    assertEquals("http_server", Names.snakeCase("HTTPServer"), "the last capital of an acronym starts the next word");
    assertEquals("get_http", Names.snakeCase("getHTTP"), "an acronym at the end is one word");
    assertEquals("parse_xml_file", Names.snakeCase("parseXMLFile"));
    assertEquals("a_bc", Names.snakeCase("ABc"));
    assertEquals("ab", Names.snakeCase("Ab"), "a capital first gets no underscore before it");
  }

  @Test
  void anUnderscoreIsNotDoubled() {
    assertEquals("my_task", Names.snakeCase("my_Task"));
    assertEquals("my_http", Names.snakeCase("my_HTTP"));
  }

  @Test
  void theRuleAllowsAtMost63Characters() {
    String longest = "a".repeat(63);
    assertTrue(Names.isValid(longest));
    assertFalse(Names.isValid(longest + "b"));
    assertFalse(Names.isValid(null));
    assertFalse(Names.isValid("1abc"));
    assertFalse(Names.isValid("Abc"));
    assertTrue(Names.isValid("a-b_c9"));
  }

  @Test
  void suggestionsFollowTheRule() {
    assertEquals("local_trainers", Names.suggest("localTrainers"));
    assertEquals("my_task", Names.suggest("my task"));
    assertEquals("x9lives", Names.suggest("9lives"), "a name must start with a letter");
    assertEquals("x", Names.suggest(null));
    assertEquals("x", Names.suggest(""));
    String suggested = Names.suggest("A".repeat(100));
    assertEquals(63, suggested.length(), "cut at 63 characters");
    assertTrue(Names.isValid(suggested));
    assertEquals("b".repeat(63), Names.suggest("b".repeat(63)), "a valid 63-character name is kept whole");
  }
}
