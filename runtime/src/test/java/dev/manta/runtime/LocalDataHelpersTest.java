package dev.manta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.LocalData;
import dev.manta.TaskBody;
import dev.manta.dsl.Swarms;
import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.Fixtures.A;
import dev.manta.runtime.report.InstanceReport;
import dev.manta.runtime.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task-side details a port needs: datasets asked for by file name ({@code "cifar10.npz"}) next to
 * extension-less names, {@code local().lines} and {@code local().listing}, and {@code log().debug}.
 */
class LocalDataHelpersTest {
  @Test
  void datasetsByFileNameLinesListingAndDebug(@TempDir Path dir) throws Exception {
    for (String node : List.of("node-1", "node-2")) {
      Path n = Files.createDirectories(dir.resolve("nodes").resolve(node));
      Files.write(n.resolve("cifar10.npz"), new byte[] {1, 2, 3, 4, 5});
      Files.writeString(n.resolve("words.txt"), "alpha\r\nbeta\n\ngamma é\n");
      Path images = Files.createDirectories(n.resolve("images").resolve("train"));
      Files.write(images.resolve("b.png"), new byte[7]);
      Files.write(n.resolve("images").resolve("a.png"), new byte[3]);
    }
    // node-3 holds the dataset under another file name: "cifar10.npz" is not its dataset.
    Path other = Files.createDirectories(dir.resolve("nodes").resolve("node-3"));
    Files.write(other.resolve("cifar10.tar"), new byte[1]);

    SwarmGraph g = Swarms.define("local_data", s -> s.task(A.class, t -> t.alias("a").datasets("cifar10.npz")));
    TaskBody body = ctx -> {
      LocalData local = ctx.local();
      ctx.results().add("npz", local.bytes("cifar10.npz").length);
      ctx.results().add("same", local.path("cifar10.npz").equals(local.path("cifar10")));
      ctx.results().add("names", new ArrayList<>(local.names()));
      ctx.results().add("lines", local.lines("words.txt"));
      List<String> listing = new ArrayList<>();
      for (LocalData.Entry e : local.listing("images")) {
        listing.add(e.name() + ":" + e.size() + ":" + Files.size(e.path()));
      }
      ctx.results().add("listing", listing);
      ctx.results().add("one_file", local.listing("cifar10").get(0).name());
      try {
        local.lines("images");
      } catch (java.io.IOException e) {
        ctx.results().add("folder", e.getMessage());
      }
      ctx.log().debug("read %d bytes", 5);
    };
    RunReport r = LocalRun.builder(g).nodes(dir.resolve("nodes")).task(A.class, () -> body).build().run()
        .requireCompleted();
    assertEquals(List.of("node-1", "node-2"), List.copyOf(r.nodes("a", 1)), "node-3 has no cifar10.npz");
    Map<String, Integer> npz = r.results(1, "npz", Integer.class);
    assertEquals(Map.of("a/node-1", 5, "a/node-2", 5), npz);
    assertEquals(Boolean.TRUE, r.results(1, "same", Boolean.class).get("a/node-1"));
    assertEquals(List.of("cifar10", "images", "words"), r.results(1, "names", List.class).get("a/node-1"));
    assertEquals(List.of("alpha", "beta", "", "gamma é"), r.results(1, "lines", List.class).get("a/node-1"));
    assertEquals(List.of("a.png:3:3", "train/b.png:7:7"), r.results(1, "listing", List.class).get("a/node-2"));
    assertEquals("cifar10.npz", r.results(1, "one_file", String.class).get("a/node-1"));
    String folder = r.results(1, "folder", String.class).get("a/node-1");
    assertTrue(folder.startsWith("dataset 'images' is a folder (") && folder.endsWith("); read its files with listing() or list()"),
        folder);
    InstanceReport instance = r.instances("a", 1).get(0);
    assertEquals(List.of("DEBUG read 5 bytes"), instance.logs());
  }
}
