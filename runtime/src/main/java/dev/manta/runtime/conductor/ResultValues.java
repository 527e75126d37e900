package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import dev.manta.graph.RawJson;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import dev.manta.runtime.report.RunReport;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Every result of a run: iteration → tag → key ({@code <alias>/<node>}) → value, each value kept as
 * a {@link RawJson} node, never as a tree: its JSON bytes, or the agent's snapshot of a primitive
 * array or scalar (written as text only if someone needs the text), converted once where it is
 * read. Only the results of the latest iterations stay in memory ({@link #evictBefore}); earlier
 * ones are read back when asked for: with a journal from the journal file (one streaming pass over
 * the file), without one from a {@link ResultSpill} they were moved to. Guarded by the conductor's
 * lock.
 */
final class ResultValues implements AutoCloseable {
  private final Map<Integer, Map<String, Map<String, JsonNode>>> values = new TreeMap<>();
  private final Set<Integer> onDiskOnly = new TreeSet<>();
  private Path journal;
  private ResultSpill spill;
  /** Where the report's copy of the journal's results goes ({@link #forReport}). */
  private Path copies = Path.of(System.getProperty("java.io.tmpdir"));

  /** Lets results of earlier iterations be dropped from memory and read back from {@code file}. */
  void spillTo(Path file) {
    this.journal = file;
  }

  /** With a journal: where {@link #forReport} puts its copy of earlier iterations (default {@code java.io.tmpdir}). */
  void copiesInto(Path dir) {
    this.copies = dir;
  }

  /** Without a journal: lets results of earlier iterations move to a file in {@code dir} (see {@link ResultSpill}). */
  void spillInto(Path dir) {
    this.spill = new ResultSpill(dir);
  }

  /** Stores {@code value}; {@code json} is its JSON bytes when the caller has them already, else {@code null}. */
  void put(int iteration, String tag, String key, JsonNode value, byte[] json) {
    if (onDiskOnly.contains(iteration)) {
      return; // replaying a journal: the value stays on disk
    }
    values.computeIfAbsent(iteration, k -> new TreeMap<>()).computeIfAbsent(tag, k -> new TreeMap<>())
        .put(key, RawJson.isRaw(value) ? RawJson.withoutText(value)
            : RawJson.node(json != null ? json : bytes(value, tag, key)));
  }

  /** The JSON bytes of a value (done by the conductor outside its lock for results agents send). */
  static byte[] bytes(JsonNode value, String tag, String key) {
    try {
      return RawJson.bytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("result '" + tag + "' of " + key + " cannot be written as JSON", e);
    }
  }

  /** {@code value} as a tree (a raw node is parsed from its text). */
  static JsonNode tree(JsonNode value) {
    try {
      return RawJson.tree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Drops the results of iterations before {@code iteration} from memory: with a journal to read
   * them from, or into the spill.
   */
  void evictBefore(int iteration) {
    if (journal == null && spill == null) {
      return;
    }
    for (int i : Set.copyOf(values.keySet())) {
      if (i < iteration) {
        Map<String, Map<String, JsonNode>> evicted = values.remove(i);
        if (journal != null) {
          onDiskOnly.add(i);
        } else {
          spill.spill(i, evicted);
        }
      }
    }
  }

  /** The values of {@code iteration} under {@code tag} as one object, key → value (sorted). */
  ObjectNode select(int iteration, String tag) {
    ObjectNode out = Json.mapper().createObjectNode();
    if (onDiskOnly.contains(iteration)) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      scan((r, key) -> {
        if (r.iteration() == iteration && r.tag().equals(tag)) {
          sorted.put(key, r.value());
        }
      });
      sorted.forEach(out::set);
      return out;
    }
    if (spill != null && spill.holds(iteration)) {
      spill.read(iteration).getOrDefault(tag, Map.of()).forEach(out::set);
      return out;
    }
    // The kept bytes go out as they are (raw nodes): the reader converts each value once.
    values.getOrDefault(iteration, Map.of()).getOrDefault(tag, Map.of()).forEach(out::set);
    return out;
  }

  /**
   * Every value, for the run's report, which reads an iteration at a time when asked: the kept
   * ones from memory (no copy of a value); earlier iterations from the spill, which the report
   * then owns (it takes no more iterations), or, with a journal, from a spill of the report's own
   * that one pass over the journal fills here (a value at a time). Once per run, at its end.
   */
  RunReport.Results forReport() {
    SortedMap<Integer, Map<String, Map<String, JsonNode>>> kept = new TreeMap<>();
    values.forEach((i, byTag) -> {
      Map<String, Map<String, JsonNode>> tags = new TreeMap<>();
      byTag.forEach((tag, byKey) -> tags.put(tag, Collections.unmodifiableMap(new TreeMap<>(byKey))));
      kept.put(i, Collections.unmodifiableMap(tags));
    });
    if (spill != null) {
      spill.stopWriting();
      ResultSpill owned = spill;
      spill = null; // the report's now: close() leaves it open
      return new ReportResults(kept, owned);
    }
    if (onDiskOnly.isEmpty()) {
      return new ReportResults(kept, null);
    }
    ResultSpill archive = new ResultSpill(copies);
    try {
      scan((r, key) -> {
        if (onDiskOnly.contains(r.iteration())) {
          try {
            archive.append(r.iteration(), r.tag(), key, r.value());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
      archive.endAppends();
      return new ReportResults(kept, archive);
    } catch (IOException | UncheckedIOException e) { // the copy cannot be written; the journal reads (else thrown)
      archive.close();
      System.getLogger(ResultValues.class.getName()).log(System.Logger.Level.WARNING, "cannot copy the results of"
          + " earlier iterations from the journal " + journal + " into " + copies + " for the run's report (" + e
          + "); the report holds them in memory");
    } catch (RuntimeException e) { // the journal cannot be read back: the run's end says so
      archive.close();
      throw e;
    }
    scan((r, key) -> {
      if (onDiskOnly.contains(r.iteration())) {
        kept.computeIfAbsent(r.iteration(), x -> new TreeMap<>()).computeIfAbsent(r.tag(), x -> new TreeMap<>())
            .put(key, r.value());
      }
    });
    return new ReportResults(kept, null);
  }

  /** One pass over the journal's result lines (later lines replace earlier ones of the same key). */
  private void scan(BiConsumer<JournalEntry.ResultAdded, String> each) {
    Journal.read(journal, e -> {
      if (e instanceof JournalEntry.ResultAdded r) {
        each.accept(r, r.alias() + "/" + r.node());
      }
    });
  }

  /** Deletes the spill's file, if any and not the report's. */
  @Override
  public void close() {
    if (spill != null) {
      spill.close();
    }
  }
}
