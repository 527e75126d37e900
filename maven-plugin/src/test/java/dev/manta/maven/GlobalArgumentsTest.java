package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalArgumentsTest {
  @Test
  void readsJsonValuesAndPlainText() {
    Map<String, Object> g = GlobalArguments.parse("threshold=0.95, max_rounds=20,name=fl run,flag=true");
    assertEquals(0.95, g.get("threshold"));
    assertEquals(20, g.get("max_rounds"));
    assertEquals("fl run", g.get("name"));
    assertEquals(true, g.get("flag"));
  }

  @Test
  void keepsJsonArraysAndObjectsWhole() {
    Map<String, Object> g = GlobalArguments.parse("ids=[\"a\",\"b\"],hp={\"lr\":0.1,\"m\":0.9},s=\"x,y\"");
    assertEquals(List.of("a", "b"), g.get("ids"));
    assertEquals(Map.of("lr", 0.1, "m", 0.9), g.get("hp"));
    assertEquals("x,y", g.get("s"));
  }

  @Test
  void emptyMeansNone() {
    assertTrue(GlobalArguments.parse(null).isEmpty());
    assertTrue(GlobalArguments.parse("  ").isEmpty());
  }

  @Test
  void pairWithoutValueSaysHowToWriteIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlobalArguments.parse("a=1,oops"));
    assertTrue(e.getMessage().contains("'oops' is not name=value"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dmanta.globals="), e.getMessage());
  }
}
