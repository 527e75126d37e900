package dev.manta.processor;

import dev.manta.Condition;
import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.dsl.TaskNode;
import dev.manta.dsl.TaskOptions;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.SwarmGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code @Swarm} interface declares, in the terms of the DSL calls that build its graph.
 * {@link #toGraph()} makes those calls; the processor validates that graph and writes it as the
 * swarm's manifest, which the generated class reads back ({@link SwarmClassGenerator}).
 */
record SwarmModel(
    String name,
    String sourceClass,
    int maxIterations,
    List<NetworkSpec> networks,
    List<GlobalDecl> globals,
    List<TaskDecl> tasks) {

  SwarmModel {
    networks = List.copyOf(networks);
    globals = List.copyOf(globals);
    tasks = List.copyOf(tasks);
  }

  /** A computed global: a {@code @Global} default method. */
  record GlobalDecl(String name, String javaType, String methodName) {}

  /** An edge from the task declared by method {@code methodName}. */
  record Upstream(String methodName, Condition condition) {}

  /**
   * One task method. {@code copies} other than 1 declares {@code alias_0 …}; the nullable fields
   * are options the method (or its class) does not set.
   */
  record TaskDecl(
      String methodName,
      String alias,
      int copies,
      ModuleSpec module,
      Method method,
      Integer maximum,
      Double fraction,
      boolean fixed,
      List<String> specifiedIds,
      List<String> exceptedIds,
      String network,
      Boolean gpu,
      String image,
      List<String> datasets,
      Double cpu,
      String memory,
      List<Upstream> upstream,
      String timeout,
      List<String> labels) {

    TaskDecl {
      labels = List.copyOf(labels);
      specifiedIds = List.copyOf(specifiedIds);
      exceptedIds = List.copyOf(exceptedIds);
      datasets = datasets == null ? null : List.copyOf(datasets);
      upstream = List.copyOf(upstream);
    }

    /** Whether the method declares several copies (a list of nodes). */
    boolean copied() {
      return copies != 1;
    }

    /** The aliases this method declares. */
    List<String> aliases() {
      if (!copied()) {
        return List.of(alias);
      }
      return java.util.stream.IntStream.range(0, Math.max(copies, 0)).mapToObj(i -> alias + "_" + i).toList();
    }

    /** Sets the options on the task. */
    void applyTo(TaskOptions t) {
      t.alias(alias);
      if (timeout != null) {
        t.timeout(timeout);
      }
      t.method(method);
      if (maximum != null) {
        t.maximum(maximum);
      }
      if (fraction != null) {
        t.fraction(fraction);
      }
      if (fixed) {
        t.fixed(true);
      }
      if (!specifiedIds.isEmpty()) {
        t.specifiedIds(specifiedIds);
      }
      if (!exceptedIds.isEmpty()) {
        t.exceptedIds(exceptedIds);
      }
      if (!network.isEmpty()) {
        t.network(network);
      }
      if (!labels.isEmpty()) {
        t.labels(labels);
      }
      if (gpu != null) {
        t.gpu(gpu);
      }
      if (image != null) {
        t.image(image);
      }
      if (datasets != null) {
        t.datasets(datasets.toArray(String[]::new));
      }
      if (cpu != null) {
        t.resources(cpu, memory);
      }
    }
  }

  /**
   * The graph, built through the DSL. A method with invalid {@code copies} counts as one task so
   * the rest of the graph can still be checked.
   */
  SwarmGraph toGraph() {
    return Swarms.define(name, s -> {
      s.sourceClass(sourceClass);
      s.maxIterations(maxIterations);
      networks.forEach(n -> s.network(n.name(), n.driver()));
      globals.forEach(g -> s.computedGlobal(g.name(), g.javaType()));
      Map<String, List<TaskNode>> nodes = new HashMap<>();
      for (TaskDecl t : tasks) {
        List<TaskNode> declared = t.copied() && t.copies() >= 1
            ? s.copies(t.module(), t.copies(), t::applyTo)
            : List.of(s.task(t.module(), t::applyTo));
        nodes.putIfAbsent(t.methodName(), declared);
      }
      for (TaskDecl t : tasks) {
        List<TaskNode> self = nodes.get(t.methodName());
        for (Upstream u : t.upstream()) {
          List<TaskNode> from = nodes.get(u.methodName());
          if (from != null) {
            self.forEach(n -> n.after(u.condition(), from));
          }
        }
      }
    });
  }
}
