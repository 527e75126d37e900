package dev.manta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manta.client.DeployedSwarm;
import dev.manta.client.Deployment;
import dev.manta.client.MantaClient;
import dev.manta.client.SwarmStatus;
import dev.manta.manifest.ManifestCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13, P4: step latency on the Docker test cluster. Deploys the swarm {@code step_chain}
 * (benchmarks/cluster-chain: first → second → third, one instance each, for {@code -Dnodes}
 * iterations) and reads each instance's {@code start}/{@code end} log lines (wall-clock µs, one
 * machine's clock) from {@code instances.json}: a step's latency is upstream end → downstream start,
 * over both in-iteration edges and third → next iteration's first. Baseline: the HTTP round trip
 * ({@code GET /v1/status}, kept-alive) from an agent's container to the conductor, timed by
 * {@code first} in every iteration of the same run. {@code -Drounds} deployments, one after another.
 */
public final class ClusterSteps {
  private static final Path CHAIN = Path.of("cluster-chain/target");
  private static final Pattern LINE = Pattern.compile("\\b(start|end|rtt) (\\d+)");

  private ClusterSteps() {}

  public static void main(String[] args) throws Exception {
    int iterations = Math.min(100, Bench.intArg("nodes", 100));
    int rounds = Bench.intArg("rounds", 2);
    Path manifest = CHAIN.resolve("classes/META-INF/manta/swarms/step_chain.json");
    Path images = CHAIN.resolve("manta/images.json");
    List<Double> p50s = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (MantaClient client = MantaClient.fromEnvironment()) {
      for (int r = 0; r < rounds; r++) {
        String name = "cbsteps" + r;
        DeployedSwarm swarm = client.deploy(Deployment.builder(ManifestCodec.read(manifest)).swarm(name)
            .imagesFile(images).global("iterations", iterations).build());
        Path out = Path.of("target", name);
        try {
          swarm.awaitAgents(Duration.ofMinutes(3), s -> { });
          SwarmStatus end = swarm.awaitEnd(Duration.ofMinutes(15), s -> { });
          System.out.println(name + ": " + end.run());
          swarm.results(out);
        } finally {
          swarm.undeploy(true);
        }
        double[] figures = measure(out.resolve("instances.json"), iterations);
        p50s.add(figures[0]);
        p99s.add(figures[1]);
        ratios.add(figures[0] / figures[2]);
      }
    }
    System.out.printf("step latency over %d runs: p50 median %.1f ms (min %.1f), p99 median %.1f ms (min %.1f);"
        + " p50 step / p50 round trip: median %.1f (min %.1f)%n", rounds, Bench.median(p50s), Collections.min(p50s),
        Bench.median(p99s), Collections.min(p99s), Bench.median(ratios), Collections.min(ratios));
  }

  /** {p50 step, p99 step, p50 round trip, p99 round trip} in ms, printed with the run's details. */
  static double[] measure(Path instancesJson, int iterations) throws Exception {
    JsonNode instances = new ObjectMapper().readTree(Files.readString(instancesJson));
    Map<String, long[]> times = new HashMap<>(); // "<iteration>/<alias>" -> {start, end}
    List<Double> rtts = new ArrayList<>();
    for (JsonNode i : instances) {
      long[] t = {-1, -1};
      for (JsonNode line : i.path("logs")) {
        Matcher m = LINE.matcher(line.asText());
        if (m.find()) {
          long v = Long.parseLong(m.group(2));
          switch (m.group(1)) {
            case "start" -> t[0] = v;
            case "end" -> t[1] = v;
            default -> rtts.add(v / 1000.0);
          }
        }
      }
      if (i.path("state").asText().equals("SUCCEEDED")) {
        times.put(i.path("iteration").asInt() + "/" + i.path("alias").asText(), t);
      }
    }
    List<Double> steps = new ArrayList<>();
    List<Double> within = new ArrayList<>();
    List<Double> across = new ArrayList<>();
    String[] chain = {"first", "second", "third"};
    for (int it = 1; it <= iterations; it++) {
      for (int k = 0; k < 3; k++) {
        long[] up = times.get(it + "/" + chain[k]);
        long[] down = k < 2 ? times.get(it + "/" + chain[k + 1]) : times.get((it + 1) + "/first");
        if (up == null || down == null || up[1] < 0 || down[0] < 0) {
          continue;
        }
        double ms = (down[0] - up[1]) / 1000.0;
        steps.add(ms);
        (k < 2 ? within : across).add(ms);
      }
    }
    if (steps.isEmpty() || rtts.isEmpty()) {
      throw new IllegalStateException("no steps or round trips in " + instancesJson + ": did the swarm complete?");
    }
    double[] f = {pct(steps, 50), pct(steps, 99), pct(rtts, 50), pct(rtts, 99)};
    System.out.printf("  %d steps: p50 %.1f ms, p99 %.1f ms, max %.1f ms (within an iteration p50 %.1f, to the next"
            + " iteration p50 %.1f); %d round trips agent→conductor: p50 %.2f ms, p99 %.2f ms; p50 ratio %.1f,"
            + " p99 ratio %.1f%n", steps.size(), f[0], f[1], Collections.max(steps), pct(within, 50),
        across.isEmpty() ? Double.NaN : pct(across, 50), rtts.size(), f[2], f[3], f[0] / f[2], f[1] / f[3]);
    return f;
  }

  private static double pct(List<Double> values, int percent) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
