package dev.manta.runtime.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The files a run leaves in its output folder: {@code report.json} (status and counts),
 * {@code globals.json}, {@code results.json} and {@code instances.json} (with each instance's log
 * lines). {@code manta:run}, the cluster's conductor and {@code manta:results} write the same files.
 */
public final class ReportFiles {
  /** The names written, in order. */
  public static final List<String> NAMES = List.of("report.json", "globals.json", "results.json", "instances.json");

  private ReportFiles() {}

  /** Writes the files of {@code report} into {@code folder} (created if missing); each file appears whole or not at all. */
  public static void write(RunReport report, Path folder) throws IOException {
    Files.createDirectories(folder);
    ObjectNode all = report.toJsonTree();
    writeJson(folder.resolve("globals.json"), all.remove("globals"));
    writeJson(folder.resolve("results.json"), all.remove("results"));
    writeJson(folder.resolve("instances.json"), all.remove("instances"));
    writeJson(folder.resolve("report.json"), all);
  }

  private static void writeJson(Path file, JsonNode node) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
