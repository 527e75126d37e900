package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The world of one swarm run, built only by applying {@link JournalEntry}s: the conductor applies
 * each entry right before journaling it, and a resumed conductor replays the journal through the
 * same {@link #apply}, so both reach the same state. Results are kept per task instance, under the
 * key {@code <alias>/<node>}, as JSON bytes (see {@link ResultValues}). Guarded by the conductor's lock.
 */
final class WorldStore {
  /** A task instance as the store knows it. */
  static final class Instance {
    final String id;
    final int iteration;
    final String alias;
    final String node;
    final int attempt;
    InstanceState state = InstanceState.ASSIGNED;
    String error;
    final List<String> logs = new ArrayList<>();
    // Not journaled: this conductor's attempt, cleared when it ends.
    long token;
    long timeoutMillis;
    long runningSince;
    /** Its next deadline, see {@link Deadlines}. */
    Deadlines.Entry deadline;
    /** The journal write of its last result, until the instance ends: its end waits for it (see {@link DurableEnds}). */
    CompletableFuture<Void> resultsDurable;

    Instance(String id, int iteration, String alias, String node, int attempt) {
      this.id = id;
      this.iteration = iteration;
      this.alias = alias;
      this.node = node;
      this.attempt = attempt;
    }

    InstanceReport report() {
      return new InstanceReport(id, iteration, alias, node, attempt, state, error, logs.isEmpty() ? List.of() : logs);
    }
  }

  /**
   * Every instance of the run by id, in creation order. Ids start with their iteration
   * ({@code <iteration>/<alias>/<node>}), so the index is one small map per iteration: adding the
   * 100,000th instance of a run costs what adding the first of its iteration does (no rehash of
   * the whole run's table, no cache misses across it), and the run's list is an append-only array.
   */
  static final class InstanceIndex {
    private final List<Instance> all = new ArrayList<>();
    private final Map<Integer, Map<String, Instance>> byIteration = new HashMap<>();
    /** The map of the iteration looked up last (most lookups are of the current one). */
    private int lastIteration = -1;
    private Map<String, Instance> last;
    /** The newest iteration's map: the next one's is made big enough at once for as many instances as it holds. */
    private Map<String, Instance> newest;

    /** The instance with {@code id}, or {@code null}. */
    Instance get(String id) {
      if (id == null) {
        return null;
      }
      Map<String, Instance> map = of(iterationOf(id), false);
      return map == null ? null : map.get(id);
    }

    /**
     * Makes the map of {@code iteration} big enough for {@code more} instances at once, if it is
     * not made yet (a wide task's first iteration then fills it without rehashing).
     */
    void expect(int iteration, int more) {
      if (!byIteration.containsKey(iteration)) {
        make(iteration, more);
      }
    }

    boolean containsKey(String id) {
      return get(id) != null;
    }

    /** Adds {@code instance} (its id must not be indexed yet). */
    void put(Instance instance) {
      // Indexed under what its id says (the same function as get), so any id is found again.
      Map<String, Instance> map = of(iterationOf(instance.id), true);
      map.put(instance.id, instance);
      all.add(instance);
    }

    /** Every instance, in creation order (a view). */
    List<Instance> values() {
      return java.util.Collections.unmodifiableList(all);
    }

    int size() {
      return all.size();
    }

    private Map<String, Instance> of(int iteration, boolean create) {
      if (iteration == lastIteration && last != null) {
        return last;
      }
      Map<String, Instance> map = byIteration.get(iteration);
      if (map == null) {
        if (!create) {
          return null;
        }
        map = make(iteration, newest == null ? 16 : newest.size());
      }
      lastIteration = iteration;
      last = map;
      return map;
    }

    /** A new map for {@code iteration}, big enough for {@code size} instances. */
    private Map<String, Instance> make(int iteration, int size) {
      Map<String, Instance> map = new HashMap<>((int) Math.min(1 << 30, Math.max(16, size) * 4L / 3 + 1));
      byIteration.put(iteration, map);
      newest = map;
      return map;
    }

    /** The iteration an id starts with, or -1 (every other id shares one map). */
    private static int iterationOf(String id) {
      int n = 0;
      int i = 0;
      for (; i < id.length() && i < 10; i++) {
        char c = id.charAt(i);
        if (c == '/') {
          break;
        }
        if (c < '0' || c > '9') {
          return -1;
        }
        n = n * 10 + (c - '0');
      }
      return i == 0 || i == id.length() || id.charAt(i) != '/' ? -1 : n;
    }
  }

  String swarm;
  long seed;
  final Map<String, JsonNode> globals = new TreeMap<>();
  final ResultValues results = new ResultValues();
  final Map<Integer, Set<String>> aliasesWithResults = new HashMap<>();
  final InstanceIndex instances = new InstanceIndex();
  /** Iteration → alias → its instances, in creation order (no key built per instance). */
  private final Map<Integer, Map<String, List<Instance>>> byTask = new HashMap<>();
  /** Node → instances placed on it in iteration {@link #loadIteration}. */
  private final Map<String, Integer> load = new HashMap<>();
  private int loadIteration;
  int iteration;
  /** {@code <iteration>/<alias>} → the nodes the task started on. */
  final Map<String, List<String>> taskStarts = new HashMap<>();
  final Set<Integer> endedIterations = new HashSet<>();
  /** Requesting iteration → alias → nodes the alias is restricted to in the next iteration. */
  final Map<Integer, Map<String, Set<String>>> restrictions = new HashMap<>();
  /** Requesting iteration → who asked for the next one first. */
  final Map<Integer, String> nextRequestedBy = new HashMap<>();
  final List<String> lostNodes = new ArrayList<>();
  /** The JSON bytes of the next {@code result-added} entry's value, when the conductor made them already. */
  byte[] preparedValue;
  boolean stopRequested;
  String endStatus;
  String endFailure;

  void apply(JournalEntry e) {
    if (e instanceof JournalEntry.SwarmStarted s) {
      swarm = s.swarm();
      seed = s.seed();
      globals.putAll(s.globals());
    } else if (e instanceof JournalEntry.IterationStarted s) {
      iteration = Math.max(iteration, s.iteration());
    } else if (e instanceof JournalEntry.TaskStarted t) {
      taskStarts.putIfAbsent(t.iteration() + "/" + t.alias(), t.nodes());
    } else if (e instanceof JournalEntry.InstanceAssigned a) {
      if (!instances.containsKey(a.id())) {
        Instance i = new Instance(a.id(), a.iteration(), a.alias(), a.node(), a.attempt());
        instances.put(i);
        byTask.computeIfAbsent(a.iteration(), k -> new HashMap<>()).computeIfAbsent(a.alias(), k -> new ArrayList<>())
            .add(i);
        if (a.iteration() != loadIteration) {
          load.clear();
          loadIteration = a.iteration();
        }
        load.merge(a.node(), 1, Integer::sum);
      }
    } else if (e instanceof JournalEntry.InstanceRunning r) {
      Instance i = instances.get(r.id());
      if (i != null && !i.state.ended()) {
        i.state = InstanceState.RUNNING;
      }
    } else if (e instanceof JournalEntry.InstanceEnded x) {
      Instance i = instances.get(x.id());
      if (i != null) {
        i.state = x.state();
        i.error = x.error();
      }
    } else if (e instanceof JournalEntry.GlobalSet g) {
      globals.put(g.name(), g.value());
    } else if (e instanceof JournalEntry.ResultAdded r) {
      results.put(r.iteration(), r.tag(), r.alias() + "/" + r.node(), r.value(), preparedValue);
      preparedValue = null;
      aliasesWithResults.computeIfAbsent(r.iteration(), k -> new HashSet<>()).add(r.alias());
    } else if (e instanceof JournalEntry.LogLine l) {
      Instance i = instances.get(l.id());
      if (i != null) {
        i.logs.add(l.level() + " " + l.text());
      }
    } else if (e instanceof JournalEntry.NextIterationRequested n) {
      nextRequestedBy.putIfAbsent(n.iteration(), n.by());
      if (!n.nodes().isEmpty()) {
        restrictions.computeIfAbsent(n.iteration(), k -> new HashMap<>())
            .computeIfAbsent(n.alias(), k -> new TreeSet<>()).addAll(n.nodes());
      }
    } else if (e instanceof JournalEntry.StopRequested) {
      stopRequested = true;
    } else if (e instanceof JournalEntry.IterationEnded x) {
      endedIterations.add(x.iteration());
    } else if (e instanceof JournalEntry.NodeLost n) {
      lostNodes.add(n.node());
    } else if (e instanceof JournalEntry.SwarmEnded x) {
      endStatus = x.status();
      endFailure = x.failure();
    }
  }

  /** The instances of task {@code alias} in {@code iter}, in creation order. */
  List<Instance> instancesOf(int iter, String alias) {
    return byTask.getOrDefault(iter, Map.of()).getOrDefault(alias, List.of());
  }

  /** Node → instances placed on it in {@code iter} so far (any task). */
  Map<String, Integer> load(int iter) {
    return iter == loadIteration ? load : Map.of();
  }

  boolean hasResult(int iter, String alias) {
    return aliasesWithResults.getOrDefault(iter, Set.of()).contains(alias);
  }
}
