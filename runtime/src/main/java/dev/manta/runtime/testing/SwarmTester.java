package dev.manta.runtime.testing;

import dev.manta.TaskBody;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.report.RunReport;
import dev.manta.spi.SwarmSource;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs swarms locally with the nodes and seed of the {@link SwarmTest} that created it, and returns
 * {@link RunReport}s ({@code requireCompleted()}, {@code global(...)}, {@code results(...)},
 * {@code nodes(...)} make assertions short).
 */
public final class SwarmTester {
  private final int nodes;
  private final String nodesFile;
  private final long seed;
  private final int parallelism;
  private final Map<Class<? extends TaskBody>, Supplier<? extends TaskBody>> factories = new LinkedHashMap<>();

  SwarmTester(int nodes, String nodesFile, long seed, int parallelism) {
    this.nodes = nodes;
    this.nodesFile = nodesFile;
    this.seed = seed;
    this.parallelism = parallelism;
  }

  /** Creates task objects of {@code type} with {@code factory} in the following runs. */
  public SwarmTester task(Class<? extends TaskBody> type, Supplier<? extends TaskBody> factory) {
    factories.put(type, factory);
    return this;
  }

  /** Runs {@code graph} with these globals (computed globals must be among them). */
  public RunReport run(SwarmGraph graph, Map<String, ?> globals) {
    return configure(LocalRun.builder(graph)).globals(globals).build().run();
  }

  public RunReport run(SwarmGraph graph) {
    return run(graph, Map.of());
  }

  /** Runs a generated swarm class; {@code globals} override its computed and constant globals. */
  public RunReport run(Class<? extends SwarmSource> swarm, Map<String, ?> globals) {
    SwarmSource source;
    try {
      Constructor<? extends SwarmSource> ctor = swarm.getDeclaredConstructor();
      ctor.setAccessible(true);
      source = ctor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot create " + swarm.getName() + ": it needs a no-arg constructor", e);
    }
    return configure(LocalRun.builder(source)).globals(globals).build().run();
  }

  public RunReport run(Class<? extends SwarmSource> swarm) {
    return run(swarm, Map.of());
  }

  /** A builder with this tester's nodes, seed and factories, for anything else (journals, listeners). */
  public LocalRun.Builder builder(SwarmGraph graph) {
    return configure(LocalRun.builder(graph));
  }

  private LocalRun.Builder configure(LocalRun.Builder b) {
    if (nodesFile.isEmpty()) {
      b.nodes(nodes);
    } else {
      b.nodes(Path.of(nodesFile));
    }
    b.seed(seed).parallelism(parallelism);
    factories.forEach(b::task);
    return b;
  }
}
