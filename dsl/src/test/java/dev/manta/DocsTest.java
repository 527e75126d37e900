package dev.manta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.graph.Names;
import dev.manta.manifest.Manifest;
import dev.manta.validation.ProblemCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/ stays true to the code: every problem code, the naming rule, every manifest field. */
class DocsTest {
  private static final Path DOCS = Path.of("..", "docs");

  private static String read(String file) throws IOException {
    return Files.readString(DOCS.resolve(file));
  }

  @Test
  void validationDocHasOneSectionPerCodeWithItsSeverity() throws IOException {
    String doc = read("validation.md");
    List<String> documented = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^### `(Manta/\\w+)` — (error|warning)(?: \\(compile time\\))?$").matcher(doc);
    while (m.find()) {
      documented.add(m.group(1) + " " + m.group(2));
    }
    List<String> codes = Arrays.stream(ProblemCode.values())
        .map(c -> c.tag() + " " + c.severity().name().toLowerCase(Locale.ROOT))
        .toList();
    assertEquals(codes, documented, "one '### `Manta/Code` — severity' section per code, in enum order");
  }

  @Test
  void validationDocStatesTheNamingRule() throws IOException {
    String doc = read("validation.md");
    assertTrue(doc.contains("`" + Names.PATTERN.pattern() + "`"), "the rule's regular expression");
  }

  /** docs/porting.md names every call of the task-side API, every task option and every @Task attribute. */
  @Test
  void portingDocCoversEveryCallAUserTouches() throws IOException {
    String doc = read("porting.md");
    List<String> missing = new ArrayList<>();
    for (Class<?> type : List.of(TaskContext.class, Globals.class, Results.class, World.class, LocalData.class,
        TaskLog.class, dev.manta.dsl.TaskOptions.class, dev.manta.dsl.SwarmScope.class, Task.class)) {
      for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
        boolean api = java.lang.reflect.Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()
            && !java.lang.reflect.Modifier.isStatic(m.getModifiers());
        String name = m.getName();
        if (api && !name.equals("sourceClass") && !name.equals("computedGlobal") && !name.equals("name")
            && !doc.contains(name + "(") && !doc.contains(name + " = ")) {
          missing.add(type.getSimpleName() + "." + name);
        }
      }
    }
    assertEquals(List.of(), missing, "calls docs/porting.md does not name");
    for (Method method : Method.values()) {
      assertTrue(doc.contains("Method." + method.name()) || doc.contains("(" + method.name() + ")"),
          "porting.md shows Method." + method.name());
    }
  }

  @Test
  void manifestDocDescribesEveryField() throws IOException {
    String doc = read("manifest.md");
    for (Class<? extends Record> type : List.of(Manifest.class, Manifest.Module.class, Manifest.TaskEntry.class,
        Manifest.NetworkEntry.class)) {
      for (var component : type.getRecordComponents()) {
        assertTrue(doc.contains("| `" + component.getName() + "` |"),
            () -> "manifest.md has no row for " + type.getSimpleName() + "." + component.getName());
      }
    }
    assertTrue(doc.contains("\"manifestVersion\" : " + Manifest.VERSION + ","));
  }
}
