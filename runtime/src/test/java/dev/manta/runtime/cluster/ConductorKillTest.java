package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.graph.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link ConductorMain} (child JVM, loopback, agents in this JVM) killed with SIGKILL at several
 * points of a run, each found in its journal, then started again on the same journal folder: the
 * run resumes and ends with exactly the globals and results of an uninterrupted run. Prints the
 * recovery time (kill → the first instance assigned by the restarted conductor).
 */
class ConductorKillTest {
  @TempDir
  Path dir;
  private ConductorHarness harness;

  @AfterEach
  void cleanUp() throws InterruptedException {
    FaultDemo.GATES.clear();
    if (harness != null) {
      harness.close();
    }
  }

  /** Where the conductor is killed: the gate that holds the run there (if any) and the journal that shows it. */
  enum KillPoint {
    /** The reducer of iteration 1 set {@code sum_1} and waits before {@code nodes_1}. */
    AFTER_GLOBAL_SET("reduced-1", 0, lines -> lines.stream().anyMatch(l -> l.contains("\"global-set\"")
        && l.contains("\"sum_1\""))),
    /** Iteration 2's mappers of node-1 and node-2 added their results; node-3's waits before adding its own. */
    MID_FAN_IN("map-2-3", 0, lines -> lines.stream().filter(l -> l.contains("\"result-added\"")
        && l.contains("\"iteration\":2")).count() == 2),
    /** Iteration 1 has just ended (no gate: the conductor is killed as soon as the journal shows it). */
    BETWEEN_ITERATIONS(null, 0, lines -> lines.stream().anyMatch(l -> l.contains("\"iteration-ended\"")
        && l.contains("\"iteration\":1"))),
    /** node-2's mapper of iteration 2 logged "uploading" and is sending a 4 MB result. */
    DURING_RESULT_UPLOAD(null, 4_000_000, lines -> lines.stream().anyMatch(l -> l.contains("uploading"))),
    /**
     * The run has ended (its agents exit): the restarted conductor serves the report at once
     * instead of waiting for agents that will not come (its agent wait is 10 minutes here).
     */
    AFTER_THE_END(null, 0, lines -> lines.stream().anyMatch(l -> l.contains("\"swarm-ended\"")));

    final String gate;
    final int blob;
    final Predicate<List<String>> reached;

    KillPoint(String gate, int blob, Predicate<List<String>> reached) {
      this.gate = gate;
      this.blob = blob;
      this.reached = reached;
    }
  }

  private static long assignments(List<String> lines) {
    return lines.stream().filter(l -> l.contains("\"instance-assigned\"")).count();
  }

  @ParameterizedTest
  @EnumSource(KillPoint.class)
  void aConductorKilledThereResumesFromItsJournalAndEndsLikeAnUninterruptedRun(KillPoint point) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    if (point.gate != null) {
      FaultDemo.GATES.put(point.gate, gate);
    }
    harness = new ConductorHarness(dir, Map.of("offset", 5, "blob", point.blob));
    Process first = harness.startConductor("first.log");
    harness.startAgents();
    harness.awaitJournal(point.name(), point.reached);
    if (point == KillPoint.AFTER_THE_END) {
      harness.awaitAgents(); // they heard the run end and exited, as on a cluster
      assertEquals(6, harness.agentExits.size(), harness.agentExits.toString());
    }
    long killed = System.nanoTime();
    first.destroyForcibly(); // SIGKILL
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    List<String> atKill = harness.journalLines();
    String last = ConductorHarness.type(atKill.get(atKill.size() - 1));
    boolean blobIn = atKill.stream().anyMatch(l -> l.contains("\"result-added\"") && l.contains("\"blob\""));

    boolean ended = point == KillPoint.AFTER_THE_END;
    Process second = harness.startConductor("second.log", ended ? Map.of(ClusterLayout.ENV_AGENT_WAIT, "PT10M")
        : Map.of());
    gate.countDown();
    long before = assignments(atKill);
    if (!ended) {
      harness.awaitJournal("an instance assigned by the restarted conductor", l -> assignments(l) > before);
    }
    long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

    ClusterStatus end = harness.awaitStatus(second, "second.log", ClusterStatus::ended);
    assertEquals("COMPLETED", end.status(), end + harness.read("second.log"));
    assertTrue(harness.fetched("report.json").get("resumed").asBoolean(), "the second conductor resumed the journal");
    Path local = harness.localRun();
    for (String name : List.of("globals.json", "results.json")) {
      assertEquals(Json.mapper().readTree(local.resolve(name).toFile()), harness.fetched(name), name);
    }
    System.out.printf("[kill] %-20s killed with %3d journal entries (last: %s%s); %s; globals and results equal"
        + " an uninterrupted run%n", point, atKill.size(), last,
        point.blob > 0 ? ", blob result " + (blobIn ? "already journaled" : "not yet journaled") : "",
        ended ? "report served again after restart" : "recovery " + recoveryMillis + " ms (kill -> first assignment"
        + " after restart)");
    harness.awaitAgents();
    harness.agentExits.forEach((agent, exit) -> assertEquals(0, exit, agent));
    second.destroy();
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue(), harness.read("second.log"));
  }
}
