package dev.manta.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.runtime.report.RunReport;
import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The results a run's {@link RunReport} reads when asked, an iteration at a time: the iterations
 * still in memory at the run's end, and earlier ones from a {@link ResultSpill} the report owns.
 * The spill's file is closed (and so deleted) once the report can no longer be reached.
 */
final class ReportResults implements RunReport.Results {
  private static final Cleaner CLEANER = Cleaner.create();

  private final SortedMap<Integer, Map<String, Map<String, JsonNode>>> inMemory;
  private final ResultSpill spill;

  /** {@code inMemory}: iteration → tag → key → value, not changed afterwards; {@code spill} may be {@code null}. */
  ReportResults(SortedMap<Integer, Map<String, Map<String, JsonNode>>> inMemory, ResultSpill spill) {
    this.inMemory = inMemory;
    this.spill = spill;
    if (spill != null) {
      CLEANER.register(this, spill::close); // the action holds the spill, never this
    }
  }

  @Override
  public SortedSet<Integer> iterations() {
    SortedSet<Integer> out = new TreeSet<>(inMemory.keySet());
    if (spill != null) {
      out.addAll(spill.iterations());
    }
    return Collections.unmodifiableSortedSet(out);
  }

  @Override
  public Map<String, Map<String, JsonNode>> read(int iteration) {
    Map<String, Map<String, JsonNode>> kept = inMemory.get(iteration);
    if (kept != null) {
      return kept;
    }
    return spill == null ? Map.of() : Collections.unmodifiableMap(spill.read(iteration));
  }
}
