package dev.manta.processor;

import dev.manta.graph.ModuleSpec;
import java.io.IOException;
import java.io.OutputStream;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Writes {@code <Task>_MantaLauncher} straight as a class file: a plain {@code main} that hands
 * {@code Task::new} to {@link dev.manta.spi.Launchers#launch}, so images start a module without
 * reflection. It is the class javac would make of
 *
 * <pre>{@code
 * public final class Trainer_MantaLauncher {
 *   private Trainer_MantaLauncher() {}
 *   public static void main(String[] args) {
 *     Launchers.launch("com.acme.Trainer", args, Trainer::new);
 *   }
 * }
 * }</pre>
 *
 * <p>Written as bytes rather than as source so the compiler has nothing to parse, attribute and
 * generate for it, and the Filer one file to create rather than two: one launcher per task class
 * was most of the processor's cost (see benchmarks/processor). The bytes depend only on the two
 * class names, so javac and ecj write the same launcher.
 */
final class LauncherGenerator {
  private final Filer filer;

  LauncherGenerator(Filer filer) {
    this.filer = filer;
  }

  void write(TypeElement taskClass, ModuleSpec module) throws IOException {
    byte[] bytes = LauncherClass.bytes(module.launcherClass(), module.entryClass());
    JavaFileObject file = filer.createClassFile(module.launcherClass(), taskClass);
    try (OutputStream out = file.openOutputStream()) {
      out.write(bytes);
    }
  }
}
