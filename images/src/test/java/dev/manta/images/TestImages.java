package dev.manta.images;

import dev.manta.it.TestCluster;
import java.nio.file.Path;

/** The Java base image in the test cluster's registry, built once per test JVM. */
final class TestImages {
  static final String BASE = TestCluster.REGISTRY + "/manta/java-base:" + Runtime.version().feature();
  private static BuiltImage base;

  private TestImages() {}

  static ImageBuilder.Builder builder(Path cache) {
    return ImageBuilder.builder().allowInsecureRegistries(true).baseLayersCache(cache.resolve("base"))
        .applicationLayersCache(cache.resolve("app")).progress(s -> System.out.println("  " + s))
        .warnings(s -> System.out.println("  WARN " + s));
  }

  static synchronized BuiltImage javaBase(Path cache) throws ImageException {
    if (base == null) {
      base = builder(cache).build().build(JavaBaseImage.ofRunningJdk(), ImageTarget.registry(BASE));
    }
    return base;
  }
}
