package dev.manta.processor;

import dev.manta.graph.Mermaid;
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
 * Writes a swarm's resources to the class output: its manifest and Mermaid picture. The manifest
 * bytes come from {@link ManifestCodec}, the same code the DSL path writes with. (Task classes'
 * module descriptors go into the index: {@link IndexWriter}.)
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

  void writeSwarm(SwarmGraph graph, Element... originating) throws IOException {
    write(manifestPath(graph.name()), ManifestCodec.write(Manifest.of(graph)), originating);
    write(SWARMS + graph.name() + ".mmd", Mermaid.render(graph).getBytes(StandardCharsets.UTF_8), originating);
  }

  private void write(String path, byte[] bytes, Element... originating) throws IOException {
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, originating);
    try (OutputStream out = file.openOutputStream()) {
      out.write(bytes);
    }
  }
}
