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
import java.util.Optional;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * What the processor keeps of a generated swarm for later, incremental compilations
 * ({@code META-INF/manta/processor/<interface>.json}, private to the processor): the task classes it
 * depends on, and its task methods' parameter names, which a class file compiled without
 * {@code -parameters} does not keep. With them, a compilation of only a task class regenerates
 * every swarm using it from the swarm interface's class file.
 *
 * @param swarm the swarm's name
 * @param taskClasses binary names of the task classes its methods return
 * @param parameters task method name → its parameter names, in order
 */
record SwarmState(String swarm, List<String> taskClasses, Map<String, List<String>> parameters) {
  static final String PREFIX = "META-INF/manta/processor/";

  SwarmState {
    taskClasses = List.copyOf(new TreeSet<>(taskClasses));
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  static String path(String interfaceBinaryName) {
    return PREFIX + interfaceBinaryName + ".json";
  }

  void write(Filer filer, String interfaceBinaryName, Element... originating) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("swarm", swarm);
    ArrayNode classes = root.putArray("taskClasses");
    taskClasses.forEach(classes::add);
    ObjectNode params = root.putObject("parameters");
    parameters.forEach((method, names) -> names.forEach(params.putArray(method)::add));
    byte[] bytes = (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path(interfaceBinaryName), originating);
    try (OutputStream out = file.openOutputStream()) {
      out.write(bytes);
    }
  }

  /** The state an earlier compilation left in the class output, if any and readable. */
  static Optional<SwarmState> read(Filer filer, String interfaceBinaryName) {
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", path(interfaceBinaryName));
      JsonNode root;
      try (InputStream in = file.openInputStream()) {
        root = Json.mapper().readTree(in);
      }
      List<String> classes = new ArrayList<>();
      root.path("taskClasses").forEach(n -> classes.add(n.asText()));
      Map<String, List<String>> params = new LinkedHashMap<>();
      root.path("parameters").fields().forEachRemaining(e -> {
        List<String> names = new ArrayList<>();
        e.getValue().forEach(n -> names.add(n.asText()));
        params.put(e.getKey(), names);
      });
      return Optional.of(new SwarmState(root.path("swarm").asText(), classes, params));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // none (a clean build) or unreadable: nothing to regenerate from
    }
  }
}
