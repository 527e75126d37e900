package dev.manta.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import dev.manta.spi.SwarmIndex.ModuleEntry;
import dev.manta.spi.SwarmIndex.SwarmEntry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The index a build writes and tools read: what goes in comes out, and bad files say what to do. */
class SwarmIndexTest {

  private static ObjectNode descriptor() {
    ObjectNode d = Json.mapper().createObjectNode().put("name", "trainer").put("entryClass", "com.acme.Trainer")
        .put("image", "custom:1");
    d.putObject("defaults").put("maximum", 3);
    return d;
  }

  private static SwarmIndex sample() {
    return new SwarmIndex(
        new TreeMap<>(Map.of(
            "fl", new SwarmEntry("META-INF/manta/swarms/fl.json", "com.acme.FlSwarm_Manta", "com.acme.FlSwarm"),
            "mr", new SwarmEntry("META-INF/manta/swarms/mr.json", "com.acme.Mr_Manta", "com.acme.Mr"))),
        new TreeMap<>(Map.of("com.acme.Trainer", new ModuleEntry("trainer", descriptor()))),
        new TreeSet<>(Set.of("com.acme.Dynamic", "com.acme.Another")));
  }

  @Test
  void writtenIndexReadsBackEqual() {
    SwarmIndex index = sample();
    assertEquals(index, SwarmIndex.fromJson(index.toJson(), "index.json"));
  }

  @Test
  void writtenIndexHasEveryEntryUnderItsDocumentedKeys() throws Exception {
    JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(sample().toJson()));
    assertEquals(SwarmIndex.VERSION, json.get("indexVersion").intValue());
    assertEquals("com.acme.FlSwarm_Manta", json.get("swarms").get("fl").get("class").asText());
    assertEquals("com.acme.FlSwarm", json.get("swarms").get("fl").get("source").asText());
    assertEquals("META-INF/manta/swarms/mr.json", json.get("swarms").get("mr").get("manifest").asText());
    assertEquals("{\"name\":\"trainer\",\"descriptor\":{\"name\":\"trainer\",\"entryClass\":\"com.acme.Trainer\","
        + "\"image\":\"custom:1\",\"defaults\":{\"maximum\":3}}}", json.get("modules").get("com.acme.Trainer").toString());
    assertEquals("[\"com.acme.Another\",\"com.acme.Dynamic\"]", json.get("definitions").toString());
  }

  @Test
  void emptyOnlyWithoutSwarmsModulesAndDefinitions() {
    assertTrue(SwarmIndex.EMPTY.isEmpty());
    assertTrue(SwarmIndex.fromJson(SwarmIndex.EMPTY.toJson(), "empty").isEmpty());
    SwarmIndex full = sample();
    assertFalse(new SwarmIndex(full.swarms(), new TreeMap<>(), new TreeSet<>()).isEmpty());
    assertFalse(new SwarmIndex(new TreeMap<>(), full.modules(), new TreeSet<>()).isEmpty());
    assertFalse(new SwarmIndex(new TreeMap<>(), new TreeMap<>(), full.definitions()).isEmpty());
  }

  @Test
  void notAnObjectIsRefusedNamingTheFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SwarmIndex.fromJson(Json.mapper().createArrayNode(), "lib.jar!/META-INF/manta/index.json"));
    assertEquals("lib.jar!/META-INF/manta/index.json: not a Manta index (expected a JSON object)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SwarmIndex.fromJson(null, "x"));
  }

  @Test
  void otherVersionSaysToRebuild() {
    ObjectNode json = sample().toJson();
    json.put("indexVersion", SwarmIndex.VERSION + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SwarmIndex.fromJson(json, "old.jar"));
    assertEquals("old.jar: indexVersion 3 is not 2; rebuild that project with this Manta version", e.getMessage());
  }

  @Test
  void versionTwoIsWrittenAndAVersionOneIndexSaysToRecompile() {
    assertEquals(2, SwarmIndex.VERSION);
    assertEquals(2, sample().toJson().get("indexVersion").intValue());
    ObjectNode v1 = sample().toJson();
    v1.put("indexVersion", 1);
    ((ObjectNode) v1.get("modules").get("com.acme.Trainer")).put("descriptor", "META-INF/manta/modules/com.acme.Trainer.json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SwarmIndex.fromJson(v1, "lib.jar"));
    assertEquals("lib.jar: indexVersion 1 was written by an earlier Manta annotation processor (module descriptors in "
        + "META-INF/manta/modules/); this Manta reads version 2; recompile that project (a clean build) with this "
        + "Manta version", e.getMessage());
  }

  @Test
  void moduleEntriesKeepTheirDescriptorAsACopy() {
    ObjectNode d = descriptor();
    ModuleEntry entry = new ModuleEntry("trainer", d);
    d.put("image", "changed");
    assertEquals("custom:1", entry.descriptor().get("image").asText());
    entry.descriptor().put("image", "changed too");
    assertEquals("custom:1", entry.descriptor().get("image").asText());
  }

  @Test
  void entryLackingAFieldOrWithANonTextFieldSaysWhich() {
    ObjectNode missing = sample().toJson();
    ((ObjectNode) missing.get("swarms").get("fl")).remove("source");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SwarmIndex.fromJson(missing, "a.jar"));
    assertTrue(e.getMessage().startsWith("a.jar: an index entry lacks 'source'; rebuild"), e.getMessage());

    ObjectNode number = sample().toJson();
    ((ObjectNode) number.get("modules").get("com.acme.Trainer")).put("descriptor", 3);
    e = assertThrows(IllegalArgumentException.class, () -> SwarmIndex.fromJson(number, "b.jar"));
    assertTrue(e.getMessage().startsWith("b.jar: an index entry lacks 'descriptor' (an object)"), e.getMessage());
  }

  @Test
  void unknownFieldsAreIgnored() {
    ObjectNode earlier = sample().toJson();
    ((ObjectNode) earlier.get("modules").get("com.acme.Trainer")).put("launcher", "com.acme.Trainer_MantaLauncher");
    assertEquals(sample(), SwarmIndex.fromJson(earlier, "earlier.jar"));
  }
}
