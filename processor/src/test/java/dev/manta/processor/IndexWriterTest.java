package dev.manta.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.graph.Json;
import java.util.List;
import java.util.Set;
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

  private static IndexWriter.Index earlier() {
    IndexWriter.Index index = new IndexWriter.Index();
    index.swarms().put("fl", new IndexWriter.SwarmEntry("META-INF/manta/swarms/fl.json", "a.MantaFl", "a.Fl"));
    index.swarms().put("old", new IndexWriter.SwarmEntry("META-INF/manta/swarms/old.json", "a.MantaOld", "a.Old"));
    index.modules().put("a.Trainer", new IndexWriter.ModuleEntry("trainer", "a.Trainer_MantaLauncher", "d"));
    index.modules().put("a.Gone", new IndexWriter.ModuleEntry("gone", "a.Gone_MantaLauncher", "d"));
    index.definitions().add("a.Job");
    index.definitions().add("a.DeletedJob");
    return index;
  }

  @Test
  void keepsWhatIsStillDeclaredAndDropsTheRest() {
    IndexWriter.Index fresh = new IndexWriter.Index();
    fresh.modules().put("a.New", new IndexWriter.ModuleEntry("new", "a.New_MantaLauncher", "d"));
    IndexWriter.Index merged = IndexWriter.merge(earlier(), fresh, alive(Set.of("a.Fl", "a.Trainer", "a.Job"), null));
    assertEquals(Set.of("fl"), merged.swarms().keySet());
    assertEquals(Set.of("a.New", "a.Trainer"), merged.modules().keySet());
    assertEquals(Set.of("a.Job"), merged.definitions());
  }

  @Test
  void renamedSwarmReplacesItsOldEntry() {
    IndexWriter.Index fresh = new IndexWriter.Index();
    fresh.swarms().put("fl2", new IndexWriter.SwarmEntry("META-INF/manta/swarms/fl2.json", "a.MantaFl", "a.Fl"));
    IndexWriter.Index merged = IndexWriter.merge(earlier(), fresh, alive(Set.of("a.Fl", "a.Old"), "fl2"));
    assertEquals(Set.of("fl2"), merged.swarms().keySet());
  }

  @Test
  void survivesAJsonRoundTrip() throws Exception {
    IndexWriter.Index index = earlier();
    IndexWriter.Index read = IndexWriter.Index.fromJson(Json.mapper().readTree(
        Json.mapper().writeValueAsString(index.toJson())));
    assertEquals(index, read);
    assertEquals(List.of("a.DeletedJob", "a.Job"), List.copyOf(read.definitions()));
  }
}
