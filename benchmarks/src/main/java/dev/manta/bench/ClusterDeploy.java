package dev.manta.bench;

import dev.manta.client.DeployedSwarm;
import dev.manta.client.Deployment;
import dev.manta.client.MantaClient;
import dev.manta.manifest.ManifestCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 13, P5: deploy time of the federated-learning sample on the Docker test cluster. Measured:
 * {@code MantaClient.deploy} (what {@code manta:deploy} calls after its image check) until every
 * agent registered. Baseline: {@code docker stack deploy} of a compose file with the same images,
 * the same services (one conductor, one global service per module) and the same placement
 * constraints, until every task runs, twice: its containers running {@code sleep} (Docker's own part) and
 * running the image's {@code java -version} first (Docker's part plus one JVM start per container), timed
 * until every container printed. Each round deploys under a fresh swarm name and removes it
 * (purge) afterwards; removal is not timed.
 *
 * <p>Needs the sample's images in the registry ({@code mvn manta:build} in
 * samples/federated-learning) and the datasets laid out as README "Deploying to a cluster" says.
 */
public final class ClusterDeploy {
  private static final Path SAMPLE = Path.of("../samples/federated-learning/target");
  private static final String DATASETS = System.getProperty("datasetsRoot", "/var/lib/manta-datasets");
  private static final String STACK = "cbbase";
  /** What the baseline's containers run: a shell that sleeps, or the image's JVM that prints its version first. */
  private static final String SLEEP = "sleep 3600";
  private static final String JVM = "java -version 2>&1 | head -1; echo " + "jvm-" + "started; sleep 3600";
  private static final Map<String, List<Double>> STACK_MILLIS = new LinkedHashMap<>();

  private ClusterDeploy() {}

  public static void main(String[] args) throws Exception {
    int rounds = Bench.intArg("rounds", 3);
    Path manifest = SAMPLE.resolve("classes/META-INF/manta/swarms/fl_experiment.json");
    // -Dimages=FILE: another images.json (e.g. images built before a change, for before/after in one session)
    Path images = Path.of(System.getProperty("images", SAMPLE.resolve("manta/images.json").toString()));
    long[] since = {System.nanoTime()};
    // -Dsteps=1: print the client's progress lines with the seconds since the deploy began (where the time goes)
    boolean steps = Integer.getInteger("steps", 0) > 0;
    try (MantaClient client = MantaClient.builder().progress(line -> {
      if (steps) {
        System.out.printf("    %6.1f s %s%n", (System.nanoTime() - since[0]) / 1e9, line);
      }
    }).build()) {
      int[] n = {0};
      List<Double> mantaMillis = new ArrayList<>();
      Map<String, List<String>> constraints = new LinkedHashMap<>();
      Runnable manta = () -> {
        String name = "cbfl" + (n[0]++);
        since[0] = System.nanoTime();
        DeployedSwarm swarm = client.deploy(Deployment.builder(ManifestCodec.read(manifest)).swarm(name)
            .imagesFile(images).datasetsRoot(DATASETS).build());
        try {
          swarm.awaitAgents(Duration.ofMinutes(3), s -> {
            if (steps) {
              System.out.printf("    %6.1f s status %s, %d agent(s) registered, %d agent container(s) running%n",
                  (System.nanoTime() - since[0]) / 1e9, s.run(), s.agents().size(), s.runningAgentContainers());
            }
          });
          mantaMillis.add((System.nanoTime() - since[0]) / 1e6);
          System.out.printf("  (manta %s: agents registered after %.1f s)%n", name, (System.nanoTime() - since[0]) / 1e9);
          if (constraints.isEmpty()) {
            for (String service : lines("docker", "service", "ls", "--filter", "label=manta.swarm=" + name,
                "--format", "{{.Name}}")) {
              constraints.put(service.substring(("manta-" + name + "-").length()), lines("docker", "service",
                  "inspect", "--format", "{{range .Spec.TaskTemplate.Placement.Constraints}}{{println .}}{{end}}",
                  service));
            }
          }
        } finally {
          timedUndeploy(swarm);
        }
      };
      Runnable stack = () -> {
        stackDeploy(images, constraints, SLEEP);
        stackDeploy(images, constraints, JVM);
      };
      manta.run(); // warm-up, also captures the services' constraints for the baseline
      System.out.println("services: " + constraints);
      // Only the deploys are timed (the removals are not): each Runnable records its own deploy time.
      stack.run();
      mantaMillis.clear();
      STACK_MILLIS.clear();
      for (int i = 0; i < rounds; i++) {
        manta.run();
        stack.run();
      }
      System.out.println("manta deploy until agents registered: " + mantaMillis);
      STACK_MILLIS.forEach((command, millis) -> System.out.println("stack running `" + command + "`: " + millis));
      double m = Bench.median(mantaMillis);
      double mMin = Collections.min(mantaMillis);
      for (String command : List.of(SLEEP, JVM)) {
        List<Double> baseline = STACK_MILLIS.get(command);
        double b = Bench.median(baseline);
        double bMin = Collections.min(baseline);
        System.out.printf("manta deploy until agents registered: %.0f ms, docker stack deploy (%s) until %s: %.0f ms,"
            + " ratio %.2f (medians of %d; minimums %.0f / %.0f ms: %.2f)%n", m, command.equals(SLEEP) ? "sleep" : "java",
            command.equals(SLEEP) ? "tasks run" : "every JVM printed", b, m / b, rounds, mMin, bMin, mMin / bMin);
      }
    }
  }

  private static void timedUndeploy(DeployedSwarm swarm) {
    long t0 = System.nanoTime();
    swarm.undeploy(true);
    System.out.printf("  (undeploy %s: %.1f s)%n", swarm.name(), (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Deploys the baseline stack with {@code command} as every container's shell command and times it until
   * every task runs and, for {@link #JVM}, until every container's JVM printed its version line.
   */
  private static void stackDeploy(Path images, Map<String, List<String>> constraints, String command) {
    try {
      String json = Files.readString(images);
      StringBuilder compose = new StringBuilder("version: \"3.8\"\nservices:\n");
      String first = null;
      for (String service : constraints.keySet()) {
        String module = service.startsWith("agent-") ? service.substring(6) : null;
        if (module != null && first == null) {
          first = module;
        }
      }
      for (Map.Entry<String, List<String>> e : constraints.entrySet()) {
        String service = e.getKey();
        String module = service.startsWith("agent-") ? service.substring(6) : first;
        compose.append("  ").append(service).append(":\n")
            .append("    image: ").append(reference(json, module)).append('\n')
            .append("    entrypoint: [\"sh\", \"-c\", \"").append(command).append("\"]\n")
            .append("    networks: [net]\n")
            .append("    deploy:\n")
            .append(service.startsWith("agent-") ? "      mode: global\n" : "      replicas: 1\n")
            .append("      placement:\n        constraints:").append(e.getValue().isEmpty() ? " []\n" : "\n");
        for (String c : e.getValue()) {
          compose.append("          - \"").append(c).append("\"\n");
        }
      }
      compose.append("networks:\n  net:\n    driver: overlay\n    attachable: true\n");
      Path file = Files.createTempFile("cbbase", ".yml");
      Files.writeString(file, compose);
      long t0 = System.nanoTime();
      run("docker", "stack", "deploy", "-c", file.toString(), STACK);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!allRunning() || command.equals(JVM) && jvmsStarted() < tasks()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("stack " + STACK + " not running within 3 min: " + lines("docker", "stack",
              "ps", STACK, "--no-trunc"));
        }
        Thread.sleep(100);
      }
      STACK_MILLIS.computeIfAbsent(command, c -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
      System.out.printf("  (stack `%s` running after %.1f s)%n", command, (System.nanoTime() - t0) / 1e9);
      long gone = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      // Under load Docker may refuse to remove the network while a removed task still holds it
      // ("is in use by task"): remove the stack again until it is gone.
      String refused = stackRm();
      while (!lines("docker", "network", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + STACK).isEmpty()
          || !lines("docker", "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).isEmpty()) {
        if (System.nanoTime() > gone) {
          throw new IllegalStateException("stack " + STACK + " not removed within 2 min" + (refused.isEmpty() ? ""
              : ": " + refused));
        }
        Thread.sleep(500);
        if (!refused.isEmpty()) {
          refused = stackRm();
        }
      }
      Files.delete(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many containers of the stack printed the {@link #JVM} command's marker (the JVM ran and exited). */
  private static int jvmsStarted() {
    int n = 0;
    for (String service : lines("docker", "stack", "services", STACK, "--format", "{{.Name}}")) {
      for (String line : lines("docker", "service", "logs", "--raw", service)) {
        if (line.equals("jvm-started")) {
          n++;
        }
      }
    }
    return n;
  }

  /** The number of tasks the stack's services want (the sum of docker's "n/n"). */
  private static int tasks() {
    int n = 0;
    for (String r : lines("docker", "stack", "services", STACK, "--format", "{{.Replicas}}")) {
      n += Integer.parseInt(r.split(" ")[0].split("/")[1]);
    }
    return n;
  }

  /** Every service of the stack has all its tasks running (docker's "n/n" with n > 0). */
  private static boolean allRunning() {
    List<String> replicas = lines("docker", "stack", "services", STACK, "--format", "{{.Replicas}}");
    if (replicas.isEmpty()) {
      return false;
    }
    for (String r : replicas) {
      String[] parts = r.split(" ")[0].split("/");
      if (parts.length != 2 || parts[0].equals("0") || !parts[0].equals(parts[1])) {
        return false;
      }
    }
    return true;
  }

  private static String reference(String imagesJson, String module) {
    int at = imagesJson.indexOf("\"" + module + "\" : {");
    int ref = imagesJson.indexOf("\"reference\" : \"", at) + "\"reference\" : \"".length();
    if (at < 0 || ref < at) {
      throw new IllegalStateException("no image of module " + module + " in images.json");
    }
    return imagesJson.substring(ref, imagesJson.indexOf('"', ref));
  }

  /** {@code docker stack rm}: "" if it succeeded, else why not. */
  private static String stackRm() {
    try {
      run("docker", "stack", "rm", STACK);
      return "";
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  private static void run(String... command) {
    lines(command);
  }

  private static List<String> lines(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: "
            + new String(out, StandardCharsets.UTF_8));
      }
      List<String> lines = new ArrayList<>();
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
