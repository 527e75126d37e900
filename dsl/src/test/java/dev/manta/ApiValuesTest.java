package dev.manta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small values of the public API: type tokens and network drivers. */
class ApiValuesTest {

  @Test
  void aTypeRefCapturesItsTypeArgument() {
    TypeRef<Map<String, List<Integer>>> ref = new TypeRef<>() {};
    ParameterizedType type = (ParameterizedType) ref.type();
    assertEquals(Map.class, type.getRawType());
    assertEquals("TypeRef<java.util.Map<java.lang.String, java.util.List<java.lang.Integer>>>", ref.toString());
  }

  @SuppressWarnings("rawtypes")
  static final class Raw extends TypeRef {}

  @Test
  void aTypeRefWithoutATypeArgumentSaysHowToWriteOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Raw::new);
    assertTrue(e.getMessage().contains("new TypeRef<List<String>>() {}"), e.getMessage());
  }

  @Test
  void driversAreNamedAsDockerNamesThem() {
    assertEquals(List.of("bridge", "overlay", "host"),
        java.util.Arrays.stream(Driver.values()).map(Driver::dockerName).toList());
  }
}
