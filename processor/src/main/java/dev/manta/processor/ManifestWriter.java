package dev.manta.processor;

import dev.manta.dsl.ModuleCatalog;
import dev.manta.dsl.TaskDefaults;
import dev.manta.graph.Json;
import dev.manta.graph.Mermaid;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes resources to the class output: a swarm's manifest and Mermaid picture, and a task
 * class's module descriptor (its packaging and explicitly set scheduling defaults). The manifest bytes come from {@link ManifestCodec}, the same code
 * the DSL path writes with.
 */
final class ManifestWriter {
  /** Where manifests go, by swarm name. */
  static final String SWARMS = "META-INF/manta/swarms/";

  private final Filer filer;

  ManifestWriter(Filer filer) {
    this.filer = filer;
  }

  static String manifestPath(String swarm) {
    return SWARMS + swarm + ".json";
  }

  static String descriptorPath(String binaryName) {
    return ModuleCatalog.RESOURCE_PREFIX + binaryName + ".json";
  }

  void writeSwarm(SwarmGraph graph, Element... originating) throws IOException {
    write(manifestPath(graph.name()), ManifestCodec.write(Manifest.of(graph)), originating);
    write(SWARMS + graph.name() + ".mmd", Mermaid.render(graph).getBytes(StandardCharsets.UTF_8), originating);
  }

  /** The descriptor: the module and, under {@code "defaults"}, the class's explicit scheduling attributes. */
  void writeModule(ModuleSpec module, TaskDefaults defaults, Element originating) throws IOException {
    byte[] json = (Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(ModuleCatalog.toJson(module, defaults)) + "\n").getBytes(StandardCharsets.UTF_8);
    write(descriptorPath(module.entryClass()), json, originating);
  }

  private void write(String path, byte[] bytes, Element... originating) throws IOException {
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, originating);
    try (OutputStream out = file.openOutputStream()) {
      out.write(bytes);
    }
  }
}
