package dev.manta.samples.testkit;

import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares an annotated {@code @Swarm} interface with a graph written in the DSL, as far as
 * reflection can see (the annotations have class retention): each abstract method is a task (or
 * its copies {@code name_0}, {@code name_1} …) running the method's return type, after the tasks
 * its parameter types name. It keeps the samples' hand-written DSL equivalents honest until the
 * processor generates them.
 */
public final class SwarmInterfaces {
  private SwarmInterfaces() {}

  /** Every difference between {@code swarm} and {@code graph}, as readable lines; empty when they agree. */
  public static List<String> differences(Class<?> swarm, SwarmGraph graph) {
    List<String> out = new ArrayList<>();
    Map<String, Class<?>> declared = new LinkedHashMap<>();
    List<Method> tasks = new ArrayList<>();
    for (Method m : swarm.getDeclaredMethods()) {
      if (Modifier.isAbstract(m.getModifiers())) {
        tasks.add(m);
        declared.put(m.getName(), m.getReturnType());
      }
    }
    List<String> covered = new ArrayList<>();
    for (Method m : tasks) {
      List<TaskSpec> specs = graph.tasks().stream().filter(t -> isTaskOf(t.alias(), m.getName())).toList();
      if (specs.isEmpty()) {
        out.add("method " + m.getName() + "() has no task in the graph");
        continue;
      }
      List<String> expectedUpstream = new ArrayList<>();
      for (Class<?> p : m.getParameterTypes()) {
        List<String> named = declared.entrySet().stream().filter(e -> e.getValue() == p).map(Map.Entry::getKey).toList();
        if (named.size() != 1) {
          out.add("method " + m.getName() + "() has a parameter of type " + p.getSimpleName() + " that " + named.size()
              + " task methods return; cannot tell which one it names");
          continue;
        }
        graph.tasks().stream().filter(t -> isTaskOf(t.alias(), named.get(0))).map(TaskSpec::alias)
            .forEach(expectedUpstream::add);
      }
      for (TaskSpec spec : specs) {
        covered.add(spec.alias());
        String entry = graph.module(spec.module()).map(mod -> mod.entryClass()).orElse("?");
        if (!entry.equals(m.getReturnType().getName())) {
          out.add("task " + spec.alias() + " runs " + entry + " but method " + m.getName() + "() returns "
              + m.getReturnType().getName());
        }
        if (!spec.upstreamAliases().equals(expectedUpstream)) {
          out.add("task " + spec.alias() + " runs after " + spec.upstreamAliases() + " but method " + m.getName()
              + "() names " + expectedUpstream);
        }
      }
    }
    graph.tasks().stream().map(TaskSpec::alias).filter(a -> !covered.contains(a))
        .forEach(a -> out.add("task " + a + " has no method in " + swarm.getSimpleName()));
    return out;
  }

  private static boolean isTaskOf(String alias, String method) {
    return alias.equals(method) || Pattern.matches(Pattern.quote(method) + "_\\d+", alias);
  }
}
