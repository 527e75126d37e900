package dev.manta.maven;

import dev.manta.graph.ModuleSpec;
import dev.manta.images.BuiltImage;
import dev.manta.images.ImageBuilder;
import dev.manta.images.ImageException;
import dev.manta.images.ImageNames;
import dev.manta.images.ImageTarget;
import dev.manta.images.ModuleImage;
import dev.manta.runtime.SwarmCatalog;
import dev.manta.runtime.SwarmCatalog.ModuleEntry;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * What {@code manta:build} and {@code manta:deploy} share: one container image per task module of
 * the project, built with jib-core and pushed to a registry (or loaded into the local Docker
 * engine). Layers: the base image, release dependencies, snapshot dependencies, resources, classes;
 * the entry point is {@code dev.manta.spi.Launchers <task class>}, which hands the module to the
 * runtime's agent. Every digest goes to
 * {@code target/manta/images.json}, written only once every image is stored. Jib pushes only the
 * layers the registry lacks, so an unchanged project is "built" in a moment. With
 * {@code imageThreads} above 1 the modules' images are built side by side.
 */
abstract class AbstractBuildMojo extends AbstractImageMojo {
  /** Every module image's main class; its argument is the module's task class. */
  private static final String LAUNCHER = dev.manta.spi.Launchers.class.getName();

  /** The base image of modules whose {@code @Task(image)} is left at its default. */
  @Parameter(property = MantaProperties.BASE_IMAGE, defaultValue = ModuleSpec.DEFAULT_IMAGE)
  private String baseImage;

  /** The path component between registry and module in every image name. */
  @Parameter(property = MantaProperties.IMAGE_NAMESPACE, defaultValue = "${project.groupId}")
  private String imageNamespace;

  /** Every image's tag. */
  @Parameter(property = MantaProperties.IMAGE_TAG, defaultValue = "${project.version}")
  private String imageTag;

  /** Flags for {@code java} in the entry point, separated by spaces. */
  @Parameter(property = MantaProperties.JVM_FLAGS)
  private String jvmFlags;

  /** Jib's layer caches ({@code base} and {@code application} below it). */
  @Parameter(property = MantaProperties.IMAGE_CACHE, defaultValue = "${project.build.directory}/manta/jib-cache")
  private File cacheDirectory;

  /**
   * How many module images are built at the same time (default 1: one after the other). On the
   * 2-core test machine 4 side by side were slower than 1 (docs/benchmarks.md, P6).
   */
  @Parameter(property = MantaProperties.IMAGE_THREADS, defaultValue = "1")
  private int imageThreads;

  /** Where {@code images.json} is written. */
  @Parameter(property = MantaProperties.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/manta")
  protected File outputDirectory;

  @Parameter(defaultValue = "${plugin}", readonly = true)
  private PluginDescriptor plugin;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  private RepositorySystemSession repositorySession;

  @Parameter(defaultValue = "${project.remotePluginRepositories}", readonly = true)
  private List<RemoteRepository> pluginRepositories;

  @Component
  private RepositorySystem repositorySystem;

  /** Builds every module's image, writes images.json and returns its entries by module. */
  protected Map<String, ImagesFile.Entry> buildImages(boolean push) throws MojoExecutionException,
      MojoFailureException {
    Map<String, ModuleImage> images = new LinkedHashMap<>();
    Map<String, ModuleEntry> entries = new LinkedHashMap<>();
    try (URLClassLoader loader = projectClassLoader()) {
      SwarmCatalog catalog = catalog(loader);
      if (catalog.modules().isEmpty()) {
        throw new MojoFailureException("no task module in " + project.getId() + ": annotate a class implementing "
            + "TaskBody with @Task, with dev.manta:manta-processor on the annotation processor path, then build again");
      }
      List<Artifact> classpath = imageClasspath();
      List<String> problems = new ArrayList<>();
      for (ModuleEntry module : catalog.modules().values()) {
        if (loader.getResource(module.entryClass().replace('.', '/') + ".class") == null) {
          problems.add("module '" + module.name() + "': class " + module.entryClass() + " is missing from the build "
              + "(listed in " + module.origin() + ")");
        }
        ModuleImage.Builder image = ModuleImage.builder(module.name(), LAUNCHER).argument(module.entryClass())
            .baseImage(baseImageOf(module, loader))
            .classesDirectory(Path.of(project.getBuild().getOutputDirectory()))
            .label("dev.manta.entry-class", module.entryClass());
        for (Artifact a : classpath) {
          if (a.isSnapshot()) {
            image.snapshotDependency(a.getFile().toPath());
          } else {
            image.dependency(a.getFile().toPath());
          }
        }
        if (jvmFlags != null) {
          for (String flag : jvmFlags.strip().split("\\s+")) {
            if (!flag.isEmpty()) {
              image.jvmFlag(flag);
            }
          }
        }
        images.put(module.name(), image.build());
        entries.put(module.name(), module);
      }
      if (!problems.isEmpty()) {
        throw new MojoFailureException(String.join("\n  ", problems) + "\n  Rebuild the project (mvn clean compile) "
            + "with dev.manta:manta-processor on the annotation processor path, so the index matches the code.");
      }
    } catch (IOException e) {
      throw new MojoExecutionException("cannot close the project class loader", e);
    }

    ImageBuilder builder = imageBuilder()
        .baseLayersCache(cacheDirectory.toPath().resolve("base"))
        .applicationLayersCache(cacheDirectory.toPath().resolve("application"))
        .build();
    ImagesFile file = new ImagesFile(outputDirectory.toPath().resolve(ImagesFile.NAME));
    int threads = Math.max(1, Math.min(imageThreads, images.size()));
    getLog().info("building " + images.size() + " image(s) of " + project.getId() + (push ? " for registry " + registry
        : " for the local Docker engine") + (threads > 1 ? ", " + threads + " at a time" : ""));
    // The images share every layer but differ in their entry point, so they are independent builds:
    // run side by side, the registry round trips of one overlap the work of another. A failure stops
    // the builds not yet started; the first failure in module order is reported.
    Map<String, Future<BuiltImage>> futures = new LinkedHashMap<>();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "manta-image-build");
      t.setDaemon(true);
      return t;
    });
    Map<String, ImagesFile.Entry> built = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, ModuleImage> e : images.entrySet()) {
        ImageTarget imageTarget = imageTarget(push, ImageNames.reference(push ? registry : null, imageNamespace,
            e.getKey(), imageTag));
        futures.put(e.getKey(), pool.submit(() -> {
          if (failed.get()) {
            return null;
          }
          try {
            return builder.build(e.getValue(), imageTarget);
          } catch (ImageException | RuntimeException ex) {
            failed.set(true);
            throw ex;
          }
        }));
      }
      ImageException failure = null;
      for (Map.Entry<String, Future<BuiltImage>> f : futures.entrySet()) {
        BuiltImage image;
        try {
          image = f.getValue().get();
        } catch (ExecutionException ex) {
          if (failure == null) {
            failure = ex.getCause() instanceof ImageException ie ? ie : new ImageException(ImageException.Reason.FAILED,
                "module '" + f.getKey() + "': " + ex.getCause(), ex.getCause());
          }
          continue;
        }
        if (image != null) {
          ModuleImage module = images.get(f.getKey());
          built.put(f.getKey(), new ImagesFile.Entry(entries.get(f.getKey()).entryClass(), module.baseImage(),
              image.reference(), image.digestReference(), image.digest(), image.imageId()));
        }
      }
      if (failure != null) {
        getLog().error(failure.getMessage());
        getLog().error(file.path() + " is left as it was: it lists only images that were stored completely");
        throw failure(failure);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
      throw new MojoExecutionException("interrupted while building images", ex);
    } finally {
      pool.shutdown();
    }
    try {
      file.write(push ? TARGET_REGISTRY : TARGET_DOCKER, built);
    } catch (IOException ex) {
      throw new MojoExecutionException("cannot write " + file.path() + ": " + ex.getMessage(), ex);
    }
    built.forEach((name, entry) -> getLog().info(String.format("  %-20s %s", name, entry.reference())));
    getLog().info("digests: " + file.path());
    return built;
  }

  /** Where images.json is written. */
  protected java.nio.file.Path imagesFile() {
    return outputDirectory.toPath().resolve(ImagesFile.NAME);
  }

  /** {@code @Task(image)} when the module sets one (its descriptor in the project's index), else {@link #baseImage}. */
  private String baseImageOf(ModuleEntry module, ClassLoader loader) throws MojoExecutionException {
    return baseImageOf(module.entryClass(), module.origin(), loader, baseImage);
  }

  /**
   * The image the module descriptor of {@code entryClass} sets, read from the first index on
   * {@code loader} that lists it ({@code ModuleCatalog.descriptor}); {@code fallback} when it sets
   * none or only the default.
   */
  static String baseImageOf(String entryClass, String origin, ClassLoader loader, String fallback)
      throws MojoExecutionException {
    try {
      String image = dev.manta.dsl.ModuleCatalog.descriptor(entryClass, loader)
          .map(d -> d.path("image").asText("")).orElse("");
      if (!image.isBlank() && !image.equals(ModuleSpec.DEFAULT_IMAGE)) {
        return image;
      }
    } catch (RuntimeException e) {
      throw new MojoExecutionException("cannot read the module descriptor of " + entryClass + " from "
          + origin + ": " + e.getMessage(), e);
    }
    return fallback;
  }

  /**
   * The jars of the project's runtime class path, plus the runtime Manta's agents need
   * (dev.manta:manta-runtime and its dependencies) when the project does not bring it itself.
   */
  private List<Artifact> imageClasspath() throws MojoExecutionException {
    List<Artifact> out = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Artifact a : project.getArtifacts()) {
      if (a.getFile() != null && a.getFile().isFile() && keys.add(a.getGroupId() + ":" + a.getArtifactId())) {
        out.add(a);
      }
    }
    if (keys.contains("dev.manta:manta-runtime")) {
      return out;
    }
    String coordinates = "dev.manta:manta-runtime:" + plugin.getVersion();
    try {
      CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(coordinates), "runtime"),
          pluginRepositories);
      for (ArtifactResult r : repositorySystem.resolveDependencies(repositorySession, new DependencyRequest(collect,
          null)).getArtifactResults()) {
        org.eclipse.aether.artifact.Artifact a = r.getArtifact();
        if (a.getFile() != null && keys.add(a.getGroupId() + ":" + a.getArtifactId())) {
          org.apache.maven.artifact.DefaultArtifact artifact = new org.apache.maven.artifact.DefaultArtifact(
              a.getGroupId(), a.getArtifactId(), a.getBaseVersion(), "runtime", a.getExtension(), a.getClassifier(),
              null);
          artifact.setFile(a.getFile());
          out.add(artifact);
        }
      }
    } catch (DependencyResolutionException e) {
      throw new MojoExecutionException("cannot resolve " + coordinates + ", which every module image needs to run "
          + "its agent: " + e.getMessage(), e);
    }
    return out;
  }
}
