package dev.manta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command a module's container runs, without building an image. */
class EntrypointTest {
  @Test
  void javaWithItsFlagsTheClassPathTheMainClassAndItsArguments() {
    ModuleImage image = ModuleImage.builder("trainer", "dev.manta.spi.Launchers").argument("com.acme.Trainer")
        .jvmFlag("-Xmx1g").build();
    assertEquals(List.of("java", "-Xmx1g", "-cp", "/app/classes:/app/libs/a.jar", "dev.manta.spi.Launchers",
        "com.acme.Trainer"), ImageBuilder.entrypoint(image, List.of(ModuleImage.CLASSES, "/app/libs/a.jar")));
  }

  @Test
  void withoutArgumentsTheMainClassEndsIt() {
    ModuleImage image = ModuleImage.builder("hello", "hello.Hello").build();
    assertEquals(List.of("java", "-cp", "/app/classes", "hello.Hello"),
        ImageBuilder.entrypoint(image, List.of(ModuleImage.CLASSES)));
  }
}
