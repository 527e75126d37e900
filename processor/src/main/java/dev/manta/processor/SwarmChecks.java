package dev.manta.processor;

import dev.manta.graph.SwarmGraph;
import dev.manta.validation.GraphValidator;
import dev.manta.validation.Problem;
import dev.manta.validation.ProblemCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks one read swarm: the reader's element findings plus every problem of
 * {@link GraphValidator#validate} (the same rules the DSL path runs), each located on the element
 * and annotation value it came from.
 */
final class SwarmChecks {
  /** The findings to print, and whether the swarm may be generated. */
  record Checked(List<Finding> findings, boolean valid) {}

  private SwarmChecks() {}

  static Checked check(SwarmReader.Result read, SwarmGraph graph, Set<String> classesCheckedElsewhere) {
    List<Finding> findings = new ArrayList<>(read.findings());
    boolean valid = findings.stream().noneMatch(Finding::isError);
    // A swarm whose only task methods are malformed (a @Task default method) is not "empty": the
    // TaskMethod error on the method says what is wrong.
    boolean malformedTasks = findings.stream().anyMatch(f -> f.code() == ProblemCode.TASK_METHOD);
    for (Problem p : GraphValidator.validate(graph)) {
      if (p.isError()) {
        valid = false;
      }
      if (p.code() == ProblemCode.EMPTY_SWARM && malformedTasks) {
        continue;
      }
      read.sites().locate(p, classesCheckedElsewhere).ifPresent(findings::add);
    }
    return new Checked(findings, valid);
  }
}
