package dev.manta.processor;

import dev.manta.spi.SwarmIndex;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * Removes what an earlier compilation generated for a swarm or task class that is gone (deleted,
 * renamed, or no longer annotated) when an incremental build compiles only some sources into the
 * same output: a swarm's manifest, Mermaid picture and generated class. Found through the index
 * entries the merge drops. (A task class's descriptor and a swarm's state are entries of the index
 * and of the state file, which the merge drops with them.)
 */
final class StaleOutputs {
  private final Filer filer;

  StaleOutputs(Filer filer) {
    this.filer = filer;
  }

  /** Removes the outputs of every entry of {@code earlier} that {@code merged} no longer has. */
  void removeDropped(SwarmIndex earlier, SwarmIndex merged) {
    earlier.swarms().forEach((name, entry) -> {
      if (!merged.swarms().containsKey(name)) {
        swarm(name, entry, merged);
      }
    });
  }

  private void swarm(String name, SwarmIndex.SwarmEntry entry, SwarmIndex merged) {
    delete(StandardLocation.CLASS_OUTPUT, "", entry.manifest());
    delete(StandardLocation.CLASS_OUTPUT, "", ManifestWriter.SWARMS + name + ".mmd");
    // The class belongs to the interface; only remove it when no swarm of that interface is left.
    boolean interfaceLives = merged.swarms().values().stream().anyMatch(s -> s.source().equals(entry.source()));
    if (!interfaceLives) {
      generatedClass(entry.generatedClass()); // a renamed swarm keeps its class name: it was just rewritten
    }
  }

  /**
   * Removes the class files of a generated class that is about to be generated again: ecj's batch
   * Filer refuses to create a source for a type that already exists on the class path, which an
   * incremental build's own output directory is.
   */
  void beforeRegenerating(String binaryName) {
    int dot = binaryName.lastIndexOf('.');
    String pkg = dot < 0 ? "" : binaryName.substring(0, dot);
    String simple = binaryName.substring(dot + 1);
    delete(StandardLocation.CLASS_OUTPUT, pkg, simple + ".class");
    if (simple.startsWith("Manta")) {
      delete(StandardLocation.CLASS_OUTPUT, pkg, simple + "$Instance.class"); // swarm classes nest one
    }
  }

  /** A generated top-level class: its class files (with the nested Instance) and its source. */
  private void generatedClass(String binaryName) {
    int dot = binaryName.lastIndexOf('.');
    String pkg = dot < 0 ? "" : binaryName.substring(0, dot);
    String simple = binaryName.substring(dot + 1);
    delete(StandardLocation.CLASS_OUTPUT, pkg, simple + ".class");
    delete(StandardLocation.CLASS_OUTPUT, pkg, simple + "$Instance.class");
    delete(StandardLocation.SOURCE_OUTPUT, pkg, simple + ".java");
  }

  private void delete(JavaFileManager.Location location, String pkg, String relativeName) {
    try {
      FileObject file = filer.getResource(location, pkg, relativeName);
      // javac's Filer hands out read-only file objects whose delete() does nothing: delete the file itself.
      if (!file.delete() && "file".equals(file.toUri().getScheme())) {
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(file.toUri()));
      }
    } catch (java.io.IOException | RuntimeException e) {
      // Not there (never written, or the build tool removed it already), or a Filer without it: nothing to do.
    }
  }
}
