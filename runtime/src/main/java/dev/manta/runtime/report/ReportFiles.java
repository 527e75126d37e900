package dev.manta.runtime.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
    ObjectNode all = report.withoutResults();
    writeJson(folder.resolve("globals.json"), all.remove("globals"));
    writeResults(folder.resolve("results.json"), report);
    writeJson(folder.resolve("instances.json"), all.remove("instances"));
    writeJson(folder.resolve("report.json"), all);
  }

  private static void writeJson(Path file, JsonNode node) throws IOException {
    writeAtomically(file, g -> Json.mapper().writeTree(g, node));
  }

  /** iteration → tag → node → value, an iteration at a time (a report of a long run reads one at a time). */
  private static void writeResults(Path file, RunReport report) throws IOException {
    writeAtomically(file, g -> {
      g.writeStartObject();
      for (int i : report.iterationsWithResults()) {
        g.writeFieldName(String.valueOf(i));
        Json.mapper().writeValue(g, report.read(i));
      }
      g.writeEndObject();
    });
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes a pretty-printed JSON document and a line end to a temporary file, then moves it over {@code file}. */
  private static void writeAtomically(Path file, Body body) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      body.write(g);
      g.flush();
      out.write('\n');
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
