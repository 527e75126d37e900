package dev.manta.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.manta.processor.Sources.java;
import static dev.manta.processor.Sources.withTasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * javac (IntelliJ, Maven, Gradle) and ecj (Eclipse, VS Code) give the processor the same results:
 * every generated resource and source byte-identical.
 */
class CompilersAgreeTest {
  /**
   * Generated files other than class files the compiler wrote, by path, as text; the launchers,
   * which the processor writes as class files itself, as ISO-8859-1 text of their bytes.
   */
  private static Map<String, String> generated(Compilation c) {
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject f : Sources.written(c)) {
      String path = f.toUri().getPath();
      boolean launcher = path.endsWith("_MantaLauncher.class");
      if (path.endsWith(".class") && !launcher) {
        continue;
      }
      try (InputStream in = f.openInputStream()) {
        out.put(path.substring(path.indexOf('/', 1)),
            new String(in.readAllBytes(), launcher ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  @Test
  void guideSwarmsGenerateTheSameBytesUnderJavacAndEcj() {
    JavaFileObject[] sources = withTasks(java("com.acme.FederatedLearning", Sources.FEDERATED_LEARNING),
        java("com.acme.MapReduce", Sources.MAP_REDUCE));
    Compilation javac = Sources.compile("javac", sources);
    Compilation ecj = Sources.compile("ecj", sources);
    assertThat(javac).succeededWithoutWarnings();
    assertThat(ecj).succeededWithoutWarnings();
    Map<String, String> fromJavac = generated(javac);
    Map<String, String> fromEcj = generated(ecj);
    assertFalse(fromJavac.isEmpty());
    assertTrue(fromJavac.keySet().stream().anyMatch(p -> p.endsWith("/Trainer_MantaLauncher.class")), fromJavac.keySet()::toString);
    assertEquals(fromJavac.keySet(), fromEcj.keySet());
    fromJavac.forEach((path, text) -> assertEquals(text, fromEcj.get(path), path));
  }
}
