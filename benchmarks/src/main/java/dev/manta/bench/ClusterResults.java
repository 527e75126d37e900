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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13, P7: result throughput on the Docker test cluster. Deploys the swarm {@code result_bench}
 * (benchmarks/cluster-chain): per iteration the producer adds {@code -Dkb}/1024 results of 1 MiB
 * (default 16) and the consumer, on any node, selects them, then fetches the same bytes as often
 * straight from the producer's container over plain HTTP (the baseline, same run, same containers).
 * Cluster throughput counts the add and the select of each MiB (its bytes cross the network twice,
 * agent → conductor → agent); the ratio is cluster MiB/s over raw MiB/s, per iteration, first one
 * dropped as the warm-up. {@code -Drounds} iterations after it.
 */
public final class ClusterResults {
  private static final Path CHAIN = Path.of("cluster-chain/target");
  private static final Pattern LINE = Pattern.compile("\\b(add|select|raw) (\\d+)");

  private ClusterResults() {}

  public static void main(String[] args) throws Exception {
    int rounds = Bench.intArg("rounds", 3);
    int results = Math.max(1, Bench.intArg("kb", 16 * 1024) / 1024);
    Path manifest = CHAIN.resolve("classes/META-INF/manta/swarms/result_bench.json");
    Path images = CHAIN.resolve("manta/images.json");
    String name = "cbresults";
    Path out = Path.of("target", name);
    try (MantaClient client = MantaClient.fromEnvironment()) {
      DeployedSwarm swarm = client.deploy(Deployment.builder(ManifestCodec.read(manifest)).swarm(name)
          .imagesFile(images).global("iterations", rounds + 1).global("results", results).build());
      try {
        swarm.awaitAgents(Duration.ofMinutes(3), s -> { });
        SwarmStatus end = swarm.awaitEnd(Duration.ofMinutes(15), s -> { });
        System.out.println(name + ": " + end.run() + end.failureCause().map(f -> " " + f).orElse(""));
        swarm.results(out);
      } finally {
        swarm.undeploy(true);
      }
    }
    JsonNode instances = new ObjectMapper().readTree(Files.readString(out.resolve("instances.json")));
    Map<Integer, long[]> sums = new TreeMap<>(); // iteration -> {add µs, select µs, raw µs, adds, selects, raws}
    for (JsonNode i : instances) {
      long[] s = sums.computeIfAbsent(i.path("iteration").asInt(), k -> new long[6]);
      for (JsonNode line : i.path("logs")) {
        Matcher m = LINE.matcher(line.asText());
        if (m.find()) {
          int k = switch (m.group(1)) {
            case "add" -> 0;
            case "select" -> 1;
            default -> 2;
          };
          s[k] += Long.parseLong(m.group(2));
          s[k + 3]++;
        }
      }
    }
    List<Double> ratios = new ArrayList<>();
    List<Double> cluster = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    for (Map.Entry<Integer, long[]> e : sums.entrySet()) {
      long[] s = e.getValue();
      if (s[3] != results || s[4] != results || s[5] != results) {
        System.out.printf("  iteration %d incomplete (%d adds, %d selects, %d fetches): skipped%n", e.getKey(), s[3],
            s[4], s[5]);
        continue;
      }
      double clusterMiBs = results / ((s[0] + s[1]) / 1e6);
      double rawMiBs = results / (s[2] / 1e6);
      System.out.printf("  iteration %d%s: %d MiB added in %.0f ms, selected in %.0f ms: %.1f MiB/s; raw HTTP %.0f ms:"
              + " %.1f MiB/s; ratio %.2f%n", e.getKey(), e.getKey() == 1 ? " (warm-up)" : "", results, s[0] / 1e3,
          s[1] / 1e3, clusterMiBs, s[2] / 1e3, rawMiBs, clusterMiBs / rawMiBs);
      if (e.getKey() > 1) {
        cluster.add(clusterMiBs);
        raw.add(rawMiBs);
        ratios.add(clusterMiBs / rawMiBs);
      }
    }
    if (ratios.isEmpty()) {
      throw new IllegalStateException("no complete iteration after the warm-up in " + out.resolve("instances.json"));
    }
    System.out.printf("result throughput (add + select) vs raw HTTP: %.1f vs %.1f MiB/s, ratio %.2f (medians; min ratio"
        + " %.2f, max %.2f)%n", Bench.median(cluster), Bench.median(raw), Bench.median(ratios), Collections.min(ratios),
        Collections.max(ratios));
  }
}
