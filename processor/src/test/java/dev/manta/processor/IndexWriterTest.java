package dev.manta.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.graph.Json;
import dev.manta.spi.SwarmIndex;
import dev.manta.spi.SwarmIndex.ModuleEntry;
import dev.manta.spi.SwarmIndex.SwarmEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Merging the index of an earlier build with the entries of a partial recompilation. */
class IndexWriterTest {
  private static IndexWriter.Liveness alive(Set<String> classes, String swarmName) {
    return new IndexWriter.Liveness() {
      @Override
      public boolean swarm(String name, String source) {
        return classes.contains(source) && (swarmName == null || swarmName.equals(name));
      }

      @Override
      public boolean module(String taskClass) {
        return classes.contains(taskClass);
      }

      @Override
      public boolean definition(String className) {
        return classes.contains(className);
      }
    };
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode descriptor(String entryClass) {
    return dev.manta.dsl.ModuleCatalog.toJson(
        dev.manta.graph.ModuleSpec.of(entryClass));
  }

  private static SwarmIndex earlier() {
    return new SwarmIndex(
        new TreeMap<>(Map.of(
            "fl", new SwarmEntry("META-INF/manta/swarms/fl.json", "a.MantaFl", "a.Fl"),
            "old", new SwarmEntry("META-INF/manta/swarms/old.json", "a.MantaOld", "a.Old"))),
        new TreeMap<>(Map.of(
            "a.Trainer", new ModuleEntry("trainer", descriptor("a.Trainer")),
            "a.Gone", new ModuleEntry("gone", descriptor("a.Gone")))),
        new TreeSet<>(Set.of("a.Job", "a.DeletedJob")));
  }

  @Test
  void keepsWhatIsStillDeclaredAndDropsTheRest() {
    SwarmIndex fresh = new SwarmIndex(new TreeMap<>(),
        new TreeMap<>(Map.of("a.New", new ModuleEntry("new", descriptor("a.New")))), new TreeSet<>());
    SwarmIndex merged = IndexWriter.merge(earlier(), fresh, alive(Set.of("a.Fl", "a.Trainer", "a.Job"), null));
    assertEquals(Set.of("fl"), merged.swarms().keySet());
    assertEquals(Set.of("a.New", "a.Trainer"), merged.modules().keySet());
    assertEquals(Set.of("a.Job"), merged.definitions());
  }

  @Test
  void renamedSwarmReplacesItsOldEntry() {
    SwarmIndex fresh = new SwarmIndex(
        new TreeMap<>(Map.of("fl2", new SwarmEntry("META-INF/manta/swarms/fl2.json", "a.MantaFl", "a.Fl"))),
        new TreeMap<>(), new TreeSet<>());
    SwarmIndex merged = IndexWriter.merge(earlier(), fresh, alive(Set.of("a.Fl", "a.Old"), "fl2"));
    assertEquals(Set.of("fl2"), merged.swarms().keySet());
  }

  @Test
  void survivesAJsonRoundTrip() throws Exception {
    SwarmIndex index = earlier();
    SwarmIndex read = SwarmIndex.fromJson(Json.mapper().readTree(
        Json.mapper().writeValueAsString(index.toJson())), "test");
    assertEquals(index, read);
    assertEquals(List.of("a.DeletedJob", "a.Job"), List.copyOf(read.definitions()));
  }
}
