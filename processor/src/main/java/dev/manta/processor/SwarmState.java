package dev.manta.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * What the processor keeps of a generated swarm for later, incremental compilations: the task
 * classes it depends on, and its task methods' parameter names, which a class file compiled without
 * {@code -parameters} does not keep. With them, a compilation of only a task class regenerates
 * every swarm using it from the swarm interface's class file.
 *
 * <p>The states of every swarm interface of a class output live in one file,
 * {@value #PATH} (private to the processor), written in the last round with the index: one file
 * per compilation instead of one per swarm, since javac's Filer checks every new file against every
 * file created before it.
 *
 * @param swarm the swarm's name
 * @param taskClasses binary names of the task classes its methods return
 * @param parameters task method name → its parameter names, in order
 */
record SwarmState(String swarm, List<String> taskClasses, Map<String, List<String>> parameters) {
  /** The one state file of a class output. */
  static final String PATH = "META-INF/manta/processor/state.json";

  /** The format version written in {@code stateVersion}. */
  static final int VERSION = 1;

  SwarmState {
    taskClasses = List.copyOf(new TreeSet<>(taskClasses));
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  private ObjectNode toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("swarm", swarm);
    ArrayNode classes = root.putArray("taskClasses");
    taskClasses.forEach(classes::add);
    ObjectNode params = root.putObject("parameters");
    parameters.forEach((method, names) -> names.forEach(params.putArray(method)::add));
    return root;
  }

  private static SwarmState fromJson(JsonNode root) {
    List<String> classes = new ArrayList<>();
    root.path("taskClasses").forEach(n -> classes.add(n.asText()));
    Map<String, List<String>> params = new LinkedHashMap<>();
    root.path("parameters").fields().forEachRemaining(e -> {
      List<String> names = new ArrayList<>();
      e.getValue().forEach(n -> names.add(n.asText()));
      params.put(e.getKey(), names);
    });
    return new SwarmState(root.path("swarm").asText(), classes, params);
  }

  /** Writes the states of every swarm interface (binary name → state), sorted, to {@value #PATH}. */
  static void writeAll(Filer filer, Map<String, SwarmState> states) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("stateVersion", VERSION);
    ObjectNode swarms = root.putObject("interfaces");
    new TreeMap<>(states).forEach((source, state) -> swarms.set(source, state.toJson()));
    byte[] bytes = (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (OutputStream out = file.openOutputStream()) {
      out.write(bytes);
    }
  }

  /**
   * The states an earlier compilation left in the class output (interface binary name → state); empty
   * when there is none (a clean build) or it cannot be read.
   */
  static Map<String, SwarmState> readAll(Filer filer) {
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      JsonNode root;
      try (InputStream in = file.openInputStream()) {
        root = Json.mapper().readTree(in);
      }
      if (root == null || root.path("stateVersion").asInt(-1) != VERSION) {
        return Map.of();
      }
      Map<String, SwarmState> out = new TreeMap<>();
      root.path("interfaces").fields().forEachRemaining(e -> out.put(e.getKey(), fromJson(e.getValue())));
      return out;
    } catch (IOException | RuntimeException e) {
      return Map.of(); // none (a clean build) or unreadable: nothing to regenerate from
    }
  }
}
