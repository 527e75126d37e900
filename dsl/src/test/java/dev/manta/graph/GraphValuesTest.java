package dev.manta.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.Method;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Graph model values read by the validator, the runtime and the manifest. */
class GraphValuesTest {

  private static TaskSpec task(String alias, Method method, Integer maximum, String... upstream) {
    return new TaskSpec(alias, "worker", method, maximum, null, false, List.of(), List.of(), "", false,
        java.util.Arrays.stream(upstream).map(u -> new Edge(u, Condition.FINISHED)).toList());
  }

  @Test
  void aSetMaximumWinsOverTheMethodsDefault() {
    assertEquals(3, task("a", Method.ANY, 3).effectiveMaximum());
    assertEquals(-1, task("a", Method.ALL, -1).effectiveMaximum());
    assertEquals(1, task("a", Method.ANY, null).effectiveMaximum());
    assertEquals(-1, task("a", Method.MAXIMUM, null).effectiveMaximum());
  }

  @Test
  void noQuantityHasNoBytes() {
    assertEquals(OptionalLong.empty(), MemoryQuantity.bytes(null));
    assertEquals(OptionalLong.empty(), MemoryQuantity.bytes("lots"));
    assertEquals(OptionalLong.of(512L * 1024 * 1024), MemoryQuantity.bytes("512Mi"));
  }

  @Test
  void aGraphKnowsWhetherItHasACycle() {
    ModuleSpec worker = ModuleSpec.of("com.acme.Worker");
    SwarmGraph chain = SwarmGraph.builder("chain").module(worker)
        .task(task("a", Method.ANY, null)).task(task("b", Method.ANY, null, "a")).build();
    SwarmGraph loop = SwarmGraph.builder("loop").module(worker)
        .task(task("a", Method.ANY, null, "b")).task(task("b", Method.ANY, null, "a")).build();
    assertFalse(chain.hasCycle());
    assertTrue(loop.hasCycle());
  }

  @Test
  void builderCallsChain() {
    SwarmGraph g = SwarmGraph.builder("chained")
        .network(new NetworkSpec("backend", Driver.OVERLAY))
        .global(GlobalSpec.computed("seed", "long"))
        .module(ModuleSpec.of("com.acme.Worker"))
        .task(task("a", Method.ANY, null))
        .build();
    assertEquals(List.of(new NetworkSpec("backend", Driver.OVERLAY)), g.networks());
    assertTrue(g.global("seed").orElseThrow().computed());
  }

  @Test
  void aTimeoutIsShownInItsShortestUnitAndReadsBack() {
    assertEquals("2d", TaskTimeout.format(java.time.Duration.ofDays(2)));
    assertEquals("90s", TaskTimeout.format(java.time.Duration.ofSeconds(90)));
    assertEquals("10m", TaskTimeout.format(java.time.Duration.ofMinutes(10)));
    assertEquals("1500ms", TaskTimeout.format(java.time.Duration.ofMillis(1500)));
    assertEquals("1ms", TaskTimeout.format(java.time.Duration.ofMillis(1)));
    assertEquals(java.util.Optional.of(java.time.Duration.ofMillis(1500)), TaskTimeout.parse("1500ms"));
    assertEquals("PT0S", TaskTimeout.format(java.time.Duration.ZERO), "no unit for nothing");
    assertEquals("PT0.0005S", TaskTimeout.format(java.time.Duration.ofNanos(500_000)), "below a millisecond");
  }

  @Test
  void aQuantityRoundsUpToWholeBytesAndNothingIsNoQuantity() {
    assertEquals(OptionalLong.of(2), MemoryQuantity.bytes("1.5"), "rounded up");
    assertEquals(OptionalLong.of(1000), MemoryQuantity.bytes("1k"));
    assertEquals(OptionalLong.of(1), MemoryQuantity.bytes("0.001k"));
    assertEquals(OptionalLong.empty(), MemoryQuantity.bytes("0"), "zero bytes is no quantity");
    assertEquals(OptionalLong.empty(), MemoryQuantity.bytes("99999999999Pi"), "too large");
  }
}
