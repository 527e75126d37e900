package dev.manta.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.fixtures.Aggregator;
import dev.manta.fixtures.Worker;
import dev.manta.graph.GlobalSpec;
import dev.manta.graph.SwarmGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a {@link SwarmDefinition} subclass declares ends up in its graph. */
class SwarmDefinitionTest {

  /** Sets everything a definition can set, and ends its flow in one of two unconnected tasks. */
  static final class Everything extends SwarmDefinition {
    final int roundsInConstructor;
    Object noteInExecute = "unset";
    List<TaskNode> copies;

    Everything() {
      super("everything");
      setMaxIterations(7);
      roundsInConstructor = getGlobal("rounds", 5);
    }

    @Override
    protected Flow execute() {
      setGlobal("learning_rate", 0.5);
      noteInExecute = getGlobal("note", null);
      copies = copies(Worker.class, 2, t -> t.alias("shard"));
      TaskNode merge = task(Aggregator.class, t -> t.alias("merge")).after(copies);
      task(Worker.class, t -> t.alias("side"));
      return Flow.of(List.of(merge));
    }
  }

  @Test
  void maxIterationsSetInTheConstructorIsTheGraphs() {
    assertEquals(7, new Everything().prepareGraph().maxIterations());
  }

  @Test
  void theReturnedFlowDecidesTheSinks() {
    // "side" runs after nothing and nothing runs after it: without the flow it would be a sink too.
    assertEquals(List.of("merge"), new Everything().prepareGraph().sinks());
  }

  @Test
  void copiesAreNumberedAndReturned() {
    Everything d = new Everything();
    SwarmGraph g = d.prepareGraph();
    assertEquals(List.of("shard_0", "shard_1"), d.copies.stream().map(TaskNode::alias).toList());
    assertEquals(List.of("shard_0", "shard_1"), g.task("merge").orElseThrow().upstreamAliases());
  }

  @Test
  void globalsReadInTheConstructorAndSetInExecuteAreDeclared() {
    Everything d = new Everything();
    assertEquals(5, d.roundsInConstructor);
    SwarmGraph g = d.prepareGraph();
    assertEquals(5, g.global("rounds").orElseThrow().value().intValue());
    assertEquals(0.5, g.global("learning_rate").orElseThrow().value().doubleValue());
  }

  @Test
  void aGlobalWithANullDefaultIsDeclaredAsNull() {
    Everything d = new Everything();
    GlobalSpec note = d.prepareGraph().global("note").orElseThrow();
    assertNull(d.noteInExecute);
    assertTrue(note.value().isNull(), note.toString());
  }
}
