package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.manta.Method;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.journal.Journal;
import dev.manta.runtime.journal.JournalEntry;
import dev.manta.runtime.journal.JournalException;
import dev.manta.runtime.journal.JournalLockedException;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal refuses what does not belong to it: a second run, a different run, missing or edited lines. */
class JournalIntegrityTest {
  @TempDir
  Path dir;
  Path open;
  Path journal;

  @BeforeEach
  void setUp() throws Exception {
    open = Files.createFile(dir.resolve("gate-open"));
    journal = dir.resolve("run.jsonl");
    ResumeSwarm.RUNS.clear();
  }

  private List<String> finishedJournal() throws Exception {
    ResumeSwarm.builder(journal, open).build().run().requireCompleted();
    ResumeSwarm.RUNS.clear();
    return new ArrayList<>(Files.readAllLines(journal));
  }

  @Test
  void aDeletedLineIsFoundAndNamed() throws Exception {
    List<String> lines = finishedJournal();
    int index = indexOf(lines, "\"type\":\"instance-running\"");
    lines.remove(index);
    Files.write(journal, lines);
    JournalException e = assertThrows(JournalException.class, () -> ResumeSwarm.builder(journal, open).build().run());
    assertTrue(e.getMessage().contains("line " + (index + 1) + " holds entry #" + (index + 2) + " where entry #"
        + (index + 1) + " belongs: entry #" + (index + 1) + " is missing"), e.getMessage());
    assertTrue(e.getMessage().contains(journal.toString()) && e.getMessage().contains("new journal file"),
        e.getMessage());
    assertTrue(ResumeSwarm.RUNS.isEmpty(), "nothing ran on a broken journal");
  }

  @Test
  void severalDeletedLinesAreCounted() throws Exception {
    List<String> lines = finishedJournal();
    lines.subList(4, 7).clear();
    Files.write(journal, lines);
    JournalException e = assertThrows(JournalException.class, () -> Journal.readAll(journal));
    assertTrue(e.getMessage().contains("line 5 holds entry #8 where entry #5 belongs: entries #5 to #7 are missing"),
        e.getMessage());
  }

  @Test
  void anEditedLineIsFoundAndNamed() throws Exception {
    List<String> lines = finishedJournal();
    int index = indexOf(lines, "\"type\":\"result-added\"");
    String edited = lines.get(index).replaceFirst("\"value\":(\\d+)", "\"value\":9$1");
    assertTrue(!edited.equals(lines.get(index)), "the edit changes the line");
    lines.set(index, edited);
    Files.write(journal, lines);
    JournalException e = assertThrows(JournalException.class, () -> ResumeSwarm.builder(journal, open).build().run());
    assertTrue(e.getMessage().contains("line " + (index + 1) + " was changed after it was written"), e.getMessage());
  }

  @Test
  void anEditedLastLineIsNotTakenForATornOne() throws Exception {
    List<String> lines = finishedJournal();
    int last = lines.size() - 1;
    lines.set(last, lines.get(last).replace("COMPLETED", "FAILED"));
    Files.write(journal, lines);
    JournalException e = assertThrows(JournalException.class, () -> Journal.readAll(journal));
    assertTrue(e.getMessage().contains("line " + (last + 1) + " was changed"), e.getMessage());
  }

  @Test
  void linesAreNumberedAndChained() throws Exception {
    List<String> lines = finishedJournal();
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith("{\"seq\":" + (i + 1) + ",\"type\":"), lines.get(i));
      assertTrue(lines.get(i).matches(".*,\"sum\":\"[0-9a-f]{16}\"}"), lines.get(i));
    }
  }

  @Test
  void aSecondRunInThisProcessIsRefusedWhileTheFirstHoldsTheJournal() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SwarmGraph graph = Swarms.define("held", s -> s.task(Fixtures.A.class, t -> t.alias("a").method(dev.manta.Method.ANY)));
    Thread first = new Thread(() -> LocalRun.builder(graph).journal(journal).task(Fixtures.A.class, () -> ctx -> {
      started.countDown();
      Fixtures.await(release, "release");
    }).build().run());
    first.start();
    try {
      Fixtures.await(started, "the first run started");
      JournalLockedException e = assertThrows(JournalLockedException.class,
          () -> LocalRun.builder(graph).journal(journal).build().run());
      assertTrue(e.getMessage().contains("journal " + journal + " is in use by another run: process "
          + ProcessHandle.current().pid() + " on "), e.getMessage());
    } finally {
      release.countDown();
      first.join(TimeUnit.MINUTES.toMillis(1));
    }
    // The refused run wrote nothing: one start, one end, and every line chains (readAll checks).
    // (Not the file's size at the refusal: the first run's writer thread may still be appending.)
    assertEquals(1, Journal.readAll(journal).stream().filter(x -> x instanceof JournalEntry.SwarmStarted).count());
    assertEquals(1, Journal.readAll(journal).stream().filter(x -> x instanceof JournalEntry.SwarmEnded).count());
  }

  /** The reported bug: two resumes of one journal at once, in two JVMs. */
  @Test
  @Tag("forks") // starts a second JVM: left out of mutation testing (-Pmutation)
  void aSecondJvmResumingTheSameJournalIsRefusedNamingTheHolder() throws Exception {
    Path gate = dir.resolve("gate");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ResumeSwarm.class.getName(), journal.toString(), gate.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.exists(journal) || Journal.readAll(journal).stream()
          .noneMatch(e -> e instanceof JournalEntry.IterationStarted s && s.iteration() == 2)) {
        if (!child.isAlive()) {
          fail("the child ended early: " + Files.readString(dir.resolve("child.log")));
        }
        if (System.nanoTime() > deadline) {
          fail("the child never reached iteration 2");
        }
        Thread.sleep(20);
      }
      JournalLockedException e = assertThrows(JournalLockedException.class,
          () -> ResumeSwarm.builder(journal, gate).build().run());
      assertTrue(e.getMessage().contains("is in use by another run: process " + child.pid() + " on "), e.getMessage());
      assertTrue(e.getMessage().contains("Wait for that run to end or stop it"), e.getMessage());
      assertTrue(ResumeSwarm.RUNS.isEmpty(), "the refused run ran nothing: " + ResumeSwarm.RUNS);

      Files.createFile(gate);
      assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child finishes once the gate opens");
      assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    List<JournalEntry> entries = Journal.readAll(journal);
    assertEquals(1, entries.stream().filter(x -> x instanceof JournalEntry.SwarmEnded).count());
    RunReport again = ResumeSwarm.builder(journal, gate).build().run().requireCompleted();
    assertTrue(again.resumed());
    assertTrue(ResumeSwarm.RUNS.isEmpty(), "a finished journal runs nothing again");
  }

  @Test
  void resumingWithAnotherGraphNodesSeedOrGlobalsIsRefusedSayingWhatDiffers() throws Exception {
    finishedJournal();
    SwarmGraph changed = Swarms.define("resume_demo", s -> {
      s.maxIterations(10);
      s.global("threshold", 0.0);
      var mapper = s.task(ResumeSwarm.Mapper.class, t -> t.alias("mapper").method(Method.ALL));
      var reducer = s.task(ResumeSwarm.Reducer.class, t -> t.alias("combiner").method(Method.ANY));
      s.flow(reducer.after(mapper));
    });
    JournalException e = assertThrows(JournalException.class, () -> LocalRun.builder(changed).nodes(4).seed(9)
        .journal(journal).global("threshold", 0.5).build().run());
    String m = e.getMessage();
    assertTrue(m.startsWith("cannot resume journal " + journal + ": it belongs to a different run of swarm"
        + " 'resume_demo':"), m);
    assertTrue(m.contains("\n  - seed: the journal's run used 3, this run 9"), m);
    assertTrue(m.contains("\n  - graph: the swarm's graph changed since the journal was written (tasks no longer"
        + " there: reducer; new tasks: combiner)"), m);
    assertTrue(m.contains("\n  - nodes: the journal's run had 6 node(s), this run has 4; missing now: node-5, node-6"),
        m);
    assertTrue(m.contains("\n  - global 'threshold': given now (0.5), not given to the journal's run"), m);
    assertTrue(m.contains("start afresh: delete " + journal), m);
    assertTrue(ResumeSwarm.RUNS.isEmpty());
  }

  @Test
  void resumingWithOtherTaskSettingsOrNodeDatasetsIsRefused() throws Exception {
    finishedJournal();
    SwarmGraph capped = Swarms.define("resume_demo", s -> {
      s.maxIterations(10);
      var mapper = s.task(ResumeSwarm.Mapper.class, t -> t.alias("mapper").method(Method.ALL).maximum(3));
      var reducer = s.task(ResumeSwarm.Reducer.class, t -> t.alias("reducer").method(Method.ANY));
      s.flow(reducer.after(mapper));
    });
    Files.createDirectories(dir.resolve("data"));
    List<dev.manta.runtime.node.NodeSpec> nodes = new ArrayList<>(dev.manta.runtime.node.Nodes.count(6));
    nodes.set(0, nodes.get(0).withDataset("digits", dir.resolve("data")));
    JournalException e = assertThrows(JournalException.class, () -> LocalRun.builder(capped).nodes(nodes).seed(3)
        .journal(journal).build().run());
    assertTrue(e.getMessage().contains("graph: the swarm's graph changed since the journal was written (the same tasks,"
        + " with other settings"), e.getMessage());
    assertTrue(e.getMessage().contains("nodes: the same node ids, but their labels, GPU or datasets changed"),
        e.getMessage());
  }

  @Test
  void resumingWithOtherLaunchGlobalValuesIsRefused() throws Exception {
    SwarmGraph withGlobal = Swarms.define("resume_demo", s -> {
      s.maxIterations(10);
      s.global("threshold", 0);
      var mapper = s.task(ResumeSwarm.Mapper.class, t -> t.alias("mapper").method(Method.ALL));
      var reducer = s.task(ResumeSwarm.Reducer.class, t -> t.alias("reducer").method(Method.ANY));
      s.flow(reducer.after(mapper));
    });
    java.util.function.IntFunction<LocalRun.Builder> run = threshold -> LocalRun.builder(withGlobal).nodes(6).seed(3)
        .journal(journal).global("threshold", threshold).task(ResumeSwarm.Mapper.class, () -> new ResumeSwarm.Mapper(open));
    run.apply(1).build().run().requireCompleted();
    JournalException e = assertThrows(JournalException.class, () -> run.apply(2).build().run());
    assertTrue(e.getMessage().contains("global 'threshold': the journal's run had 1, this run 2"), e.getMessage());
    RunReport same = run.apply(1).build().run().requireCompleted();
    assertTrue(same.resumed());
  }

  @Test
  void theSameLaunchGlobalsResumeWhateverJavaTypeGaveThem() {
    SwarmGraph graph = Swarms.define("rated", s -> {
      s.global("rate", 0.0);
      s.task(Fixtures.A.class, t -> t.alias("a"));
    });
    LocalRun.builder(graph).journal(journal).global("rate", 0.5f).build().run().requireCompleted();
    RunReport again = LocalRun.builder(graph).journal(journal).global("rate", 0.5f).build().run().requireCompleted();
    assertTrue(again.resumed());
  }

  @Test
  void newJournalStartsAfreshOnceLocked() throws Exception {
    finishedJournal();
    RunReport fresh = LocalRun.builder(ResumeSwarm.graph()).nodes(6).seed(4).parallelism(8).newJournal(journal)
        .task(ResumeSwarm.Mapper.class, () -> new ResumeSwarm.Mapper(open)).task(ResumeSwarm.Reducer.class,
            ResumeSwarm.Reducer::new).build().run().requireCompleted();
    assertTrue(!fresh.resumed());
    JournalEntry first = Journal.readAll(journal).get(0);
    assertEquals(4, ((JournalEntry.SwarmStarted) first).seed());
  }

  private static int indexOf(List<String> lines, String fragment) {
    for (int i = 3; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    throw new AssertionError("no line with " + fragment + " in " + Arrays.toString(lines.toArray()));
  }
}
