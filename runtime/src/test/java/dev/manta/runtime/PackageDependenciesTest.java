package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend one way. Read from the main sources' imports (a class of another
 * runtime package must be imported to be used): the package graph, its cycles, and the rules.
 */
class PackageDependenciesTest {
  private static final String ROOT = "dev.manta.runtime";
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?(dev\\.manta\\.runtime(?:\\.[a-z]\\w*)*)\\.[A-Z]");
  private static final Map<String, Set<String>> GRAPH = new TreeMap<>();

  @BeforeAll
  static void read() throws IOException {
    Path src = Path.of("src", "main", "java", "dev", "manta", "runtime");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = ROOT + src.relativize(f.getParent()).toString().replace('/', '.').replaceAll("^(.)", ".$1");
        if (pkg.endsWith(".")) {
          pkg = pkg.substring(0, pkg.length() - 1);
        }
        Set<String> deps = GRAPH.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            deps.add(m.group(1));
          }
        }
      }
    }
  }

  /** The strongly connected components with more than one package (Tarjan). */
  private static List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new java.util.ArrayList<>();
    int[] counter = {0};
    for (String v : GRAPH.keySet()) {
      if (!index.containsKey(v)) {
        strong(v, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void strong(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : GRAPH.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strong(w, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }

  @Test
  void transportHoldsOnlyTheProtocol() {
    assertEquals(Set.of(), GRAPH.get(ROOT + ".transport"), "transport depends on no other runtime package");
  }

  @Test
  void nothingButTheEntryPointsAndTestsKnowsTheLocalTransport() {
    GRAPH.forEach((pkg, deps) -> {
      if (!pkg.equals(ROOT) && !pkg.equals(ROOT + ".local")) {
        assertTrue(!deps.contains(ROOT + ".local"), pkg + " depends on the local transport");
      }
    });
  }

  @Test
  void lowerPackagesNeverReachUp() {
    for (String low : List.of("transport", "node", "context", "agent", "local")) {
      Set<String> deps = GRAPH.get(ROOT + "." + low);
      assertTrue(deps.stream().noneMatch(d -> d.equals(ROOT) || d.endsWith(".conductor") || d.endsWith(".journal")),
          low + " depends on " + deps);
    }
  }

  @Test
  void nothingDependsOnTheClusterPackage() {
    GRAPH.forEach((pkg, deps) -> assertTrue(!deps.contains(ROOT + ".cluster"), pkg + " depends on the cluster package"));
  }

  @Test
  void theClusterPackageUsesOnlyTheEngineAndTheProtocol() {
    Set<String> allowed = Set.of(ROOT, ROOT + ".conductor", ROOT + ".transport", ROOT + ".agent", ROOT + ".report",
        ROOT + ".journal", ROOT + ".node");
    Set<String> deps = GRAPH.get(ROOT + ".cluster");
    assertTrue(deps.contains(ROOT + ".transport") && allowed.containsAll(deps), "cluster depends on " + deps);
  }

  @Test
  void theReportPackageIsPlainValues() {
    assertEquals(Set.of(), GRAPH.get(ROOT + ".report"), "report depends on no other runtime package");
  }

  @Test
  void thePackagesHaveNoCycle() {
    assertEquals(List.of(), cycles(), GRAPH.toString());
  }

  /** The test reads what it should: the graph has the packages and the edges the rules speak of. */
  @Test
  void theGraphIsReadFromTheSources() {
    assertTrue(GRAPH.get(ROOT).contains(ROOT + ".conductor"), GRAPH.toString());
    assertTrue(GRAPH.get(ROOT + ".conductor").contains(ROOT + ".report"), GRAPH.toString());
    assertTrue(GRAPH.get(ROOT + ".journal").contains(ROOT + ".report"), GRAPH.toString());
  }
}
