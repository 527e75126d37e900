package dev.manta.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.manta.processor.Sources.java;
import static dev.manta.processor.Sources.withTasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
  /** Generated files other than class files, by path, as text. */
  private static Map<String, String> generated(Compilation c) {
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject f : Sources.written(c)) {
      String path = f.toUri().getPath();
      if (path.endsWith(".class")) {
        continue;
      }
      try (InputStream in = f.openInputStream()) {
        out.put(path.substring(path.indexOf('/', 1)), new String(in.readAllBytes(), StandardCharsets.UTF_8));
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
    assertEquals(fromJavac.keySet(), fromEcj.keySet());
    fromJavac.forEach((path, text) -> assertEquals(text, fromEcj.get(path), path));
  }
}
