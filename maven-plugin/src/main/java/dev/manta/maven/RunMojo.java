package dev.manta.maven;

import dev.manta.graph.TaskTimeout;
import dev.manta.manifest.ManifestException;
import dev.manta.runtime.LocalRun;
import dev.manta.runtime.SwarmCatalog;
import dev.manta.runtime.journal.JournalException;
import dev.manta.runtime.node.Nodes;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.InstanceState;
import dev.manta.runtime.report.ReportFiles;
import dev.manta.runtime.report.RunReport;
import dev.manta.runtime.report.RunStatus;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs a swarm on the local engine: conductor and simulated nodes in this JVM, no Docker. Prints a
 * progress line per iteration and task and a summary; writes the report, globals, results and
 * per-instance logs as JSON under {@code target/manta/<swarm>/}.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class RunMojo extends AbstractMantaMojo {
  /** The swarm to run; may be left out when the project has exactly one. */
  @Parameter(property = MantaProperties.SWARM)
  private String swarm;

  /** How many identical nodes to simulate (ignored when a nodes file is given). */
  @Parameter(property = MantaProperties.NODES, defaultValue = "4")
  private int nodes;

  /** A JSON or YAML file describing the nodes (ids, labels, gpu, dataset folders); takes precedence over {@code nodes}. */
  @Parameter(property = MantaProperties.NODES_FILE)
  private File nodesFile;

  /**
   * A folder with one sub-folder per node; every file or folder in a node's folder is a dataset named
   * after it without its extension ({@code node-1/digits.csv} is dataset {@code digits}). Takes
   * precedence over {@code nodes}; setting {@code nodesFile} too is an error.
   */
  @Parameter(property = MantaProperties.NODES_DIRECTORY)
  private File nodesDirectory;

  /** Launch-time globals, {@code name=value} pairs separated by commas; values are JSON or plain text. */
  @Parameter(property = MantaProperties.GLOBALS)
  private String globals;

  /** Seed for node choice, so runs repeat. */
  @Parameter(property = MantaProperties.SEED, defaultValue = "1")
  private long seed;

  /** Task instances run at once in this JVM; at least 1. */
  @Parameter(property = MantaProperties.PARALLELISM, defaultValue = "16")
  private int parallelism;

  /**
   * How long one task instance may run when its task sets no {@code timeout}: {@code 90s},
   * {@code 10m}, {@code 2h} or {@code PT10M}. Default: 1 hour.
   */
  @Parameter(property = MantaProperties.TASK_TIMEOUT)
  private String taskTimeout;

  /** Resume from the journal a previous, interrupted run left; otherwise a run starts afresh. */
  @Parameter(property = MantaProperties.RESUME, defaultValue = "false")
  private boolean resume;

  /** Print each finished instance's log lines. */
  @Parameter(property = MantaProperties.LOGS, defaultValue = "true")
  private boolean printLogs;

  /** Where runs write their output: {@code <outputDirectory>/<swarm>/}. */
  @Parameter(property = MantaProperties.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/manta")
  private File outputDirectory;

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException {
    try (URLClassLoader loader = projectClassLoader()) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        run(loader);
      } finally {
        thread.setContextClassLoader(previous);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write the run's output: " + e.getMessage(), e);
    }
  }

  private void run(ClassLoader loader) throws MojoExecutionException, MojoFailureException, IOException {
    SwarmCatalog catalog = catalog(loader);
    String name = chooseSwarm(catalog);
    if (nodesDirectory != null && nodesFile != null) {
      throw new MojoFailureException(MantaProperties.NODES_DIRECTORY + " (" + nodesDirectory + ") and "
          + MantaProperties.NODES_FILE + " (" + nodesFile + ") are both set, two ways to give the nodes: keep one "
          + "(an empty -D" + MantaProperties.NODES_DIRECTORY + "= clears a folder set in the POM)");
    }
    Path out = outputDirectory.toPath().resolve(name);
    Path journal = out.resolve("journal.jsonl");
    LocalRun.Builder builder;
    try {
      Map<String, Object> launchGlobals = GlobalArguments.parse(globals);
      builder = LocalRun.builder(catalog.source(name, launchGlobals))
          .classLoader(loader)
          .seed(seed)
          .globals(launchGlobals)
          .listener(new ConsoleProgress(getLog(), printLogs));
      if (nodesDirectory != null) {
        builder.nodes(Nodes.fromDirectory(nodesDirectory.toPath()));
      } else if (nodesFile != null) {
        builder.nodes(nodesFile.toPath());
      } else {
        builder.nodes(nodes);
      }
      builder.parallelism(parallelism);
      if (taskTimeout != null && !taskTimeout.isBlank()) {
        builder.taskTimeout(TaskTimeout.parse(taskTimeout).orElseThrow(() -> new IllegalArgumentException(
            "manta.taskTimeout is '" + taskTimeout + "'; use " + TaskTimeout.SYNTAX)));
      }
      // A task calling System.exit ends the run FAILED; the JVM then halts with status 1, so the
      // output files and the summary are written here, before that.
      builder.onExit(report -> {
        try {
          write(report, out);
        } catch (IOException e) {
          getLog().error("cannot write the run's output: " + e.getMessage());
        }
        summarise(report, out);
        getLog().error("swarm '" + name + "' failed: " + report.failure().orElse("") + "\n  see "
            + out.resolve("instances.json"));
        getLog().error("BUILD FAILURE (manta:run: a task called System.exit; Maven halts with status 1)");
      });
    } catch (IllegalArgumentException | ManifestException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    // Only a swarm that exists gets an output folder. A fresh run empties the journal once it
    // holds the journal's lock, so it can never cut short a run still writing it.
    Files.createDirectories(out);
    if (!resume) {
      builder.newJournal(journal);
    } else {
      builder.journal(journal);
      if (Files.exists(journal)) {
        getLog().info("resuming from " + journal);
      }
    }
    LocalRun run;
    try {
      run = builder.build();
    } catch (RuntimeException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    getLog().info("running swarm '" + name + "' on " + run.nodes().size() + " local nodes (seed " + seed + ")");
    RunReport report;
    try {
      report = run.run();
    } catch (JournalException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    write(report, out);
    summarise(report, out);
    if (report.status() == RunStatus.FAILED) {
      throw new MojoFailureException("swarm '" + name + "' failed: " + report.failure().orElse("(no cause recorded)")
          + "\n  see " + out.resolve("instances.json"));
    }
  }

  private String chooseSwarm(SwarmCatalog catalog) throws MojoFailureException {
    SortedSet<String> names = catalog.names();
    if (swarm != null && !swarm.isBlank()) {
      return swarm;
    }
    if (names.size() == 1) {
      return names.first();
    }
    if (names.isEmpty()) {
      throw new MojoFailureException("no swarm found in " + project.getId() + ": annotate an interface with @Swarm "
          + "(with dev.manta:manta-processor on the annotation processor path) or extend SwarmDefinition");
    }
    throw new MojoFailureException("this project has several swarms (" + String.join(", ", names)
        + "); choose one with -Dmanta.swarm=NAME");
  }

  /** Writes report.json (status and counts), globals, results and instances: {@link ReportFiles}. */
  private void write(RunReport report, Path out) throws IOException {
    ReportFiles.write(report, out);
  }

  private void summarise(RunReport report, Path out) {
    Map<String, int[]> perTask = new LinkedHashMap<>();
    for (InstanceReport i : report.instances()) {
      int[] counts = perTask.computeIfAbsent(i.alias(), k -> new int[2]);
      counts[i.state() == InstanceState.SUCCEEDED ? 0 : 1]++;
    }
    getLog().info("swarm '" + report.swarm() + "' " + report.status().name().toLowerCase(java.util.Locale.ROOT)
        + " after " + report.iterations() + " iteration(s)" + (report.resumed() ? " (resumed)" : ""));
    perTask.forEach((alias, c) -> getLog().info(String.format("  %-20s %4d succeeded %4d failed", alias, c[0], c[1])));
    getLog().info("output: " + out);
  }
}
