package dev.manta.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds images with jib-core: a {@link ModuleImage} on its base image, or a {@link JavaBaseImage}
 * from scratch, to an {@link ImageTarget}. Every entry gets a fixed modification time and the image
 * the creation time 1970-01-01, so the same input gives the same digest. Immutable; safe to reuse,
 * also from several threads at once (Jib's layer caches may be shared by concurrent builds).
 */
public final class ImageBuilder {
  /** The modification time of every file in every layer (jib's default: the epoch plus one second). */
  static final Instant ENTRY_TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
  private static final long DOCKER_CHECK_SECONDS = 20;

  private final boolean allowInsecureRegistries;
  private final Path baseLayersCache;
  private final Path applicationLayersCache;
  private final Function<String, Optional<RegistryCredential>> credentials;
  private final Consumer<String> progress;
  private final Consumer<String> warnings;

  private ImageBuilder(Builder b) {
    this.allowInsecureRegistries = b.allowInsecureRegistries;
    this.baseLayersCache = b.baseLayersCache;
    this.applicationLayersCache = b.applicationLayersCache;
    this.credentials = b.credentials;
    this.progress = b.progress;
    this.warnings = b.warnings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a module's image on its base image and stores it in {@code target}. */
  public BuiltImage build(ModuleImage image, ImageTarget target) throws ImageException {
    JibContainerBuilder jib = Jib.from(base(image.baseImage()));
    List<String> classpath = new ArrayList<>();
    classpath.add(ModuleImage.CLASSES);
    Set<String> jarNames = new HashSet<>();
    jib.addFileEntriesLayer(jars("dependencies", image.dependencies(), jarNames, classpath));
    jib.addFileEntriesLayer(jars("snapshot dependencies", image.snapshotDependencies(), jarNames, classpath));
    FileEntriesLayer.Builder resources = FileEntriesLayer.builder().setName("resources");
    FileEntriesLayer.Builder classes = FileEntriesLayer.builder().setName("classes");
    for (Path dir : image.classesDirectories()) {
      if (!Files.isDirectory(dir)) {
        throw new ImageException(ImageException.Reason.BAD_INPUT, "module '" + image.name() + "': classes folder "
            + dir + " does not exist; compile the project first");
      }
      for (Path file : files(dir)) {
        AbsoluteUnixPath to = AbsoluteUnixPath.get(ModuleImage.CLASSES).resolve(dir.relativize(file));
        (file.toString().endsWith(".class") ? classes : resources).addEntry(file, to, ENTRY_TIME);
      }
    }
    jib.addFileEntriesLayer(resources.build());
    jib.addFileEntriesLayer(classes.build());
    // Sorted: the order of a Map.of differs from JVM to JVM, and the order is part of the digest.
    Map<String, String> labels = new TreeMap<>(image.labels());
    labels.put("dev.manta.module", image.name());
    jib.setEntrypoint(entrypoint(image, classpath))
        .setWorkingDirectory(AbsoluteUnixPath.get("/app"))
        .setLabels(labels)
        .setCreationTime(Instant.EPOCH)
        .setFormat(ImageFormat.Docker);
    return containerize(jib, target, "module '" + image.name() + "'", image.baseImage());
  }

  /** {@code java [jvmFlags] -cp <classpath> mainClass [arguments]}. */
  static List<String> entrypoint(ModuleImage image, List<String> classpath) {
    List<String> entrypoint = new ArrayList<>();
    entrypoint.add("java");
    entrypoint.addAll(image.jvmFlags());
    entrypoint.add("-cp");
    entrypoint.add(String.join(":", classpath));
    entrypoint.add(image.mainClass());
    entrypoint.addAll(image.arguments());
    return entrypoint;
  }

  /** Builds a Java base image from scratch (jlink, ldd, busybox) and stores it in {@code target}. */
  public BuiltImage build(JavaBaseImage base, ImageTarget target) throws ImageException {
    if (!Files.isRegularFile(base.busybox())) {
      throw new ImageException(ImageException.Reason.BAD_INPUT, "no busybox at " + base.busybox()
          + ": install Debian's busybox-static (apt-get install busybox-static) or name a static busybox");
    }
    Path work;
    try {
      work = Files.createTempDirectory("manta-java-base");
    } catch (IOException e) {
      throw new ImageException(ImageException.Reason.FAILED, "cannot make a temporary folder: " + e.getMessage(), e);
    }
    try {
      progress.accept("jlink: a runtime of " + base.modules().size() + " modules from " + base.jdkHome());
      Path runtime = work.resolve("java");
      RuntimeFiles.jlink(base, runtime);
      SortedMap<String, Path> libraries = RuntimeFiles.sharedLibraries(runtime);
      progress.accept("ldd: " + libraries.size() + " shared libraries");
      FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("java runtime");
      AbsoluteUnixPath home = AbsoluteUnixPath.get(JavaBaseImage.JAVA_HOME);
      for (Path file : files(runtime)) {
        layer.addEntry(file, home.resolve(runtime.relativize(file)), permissions(file), ENTRY_TIME);
      }
      for (Map.Entry<String, Path> library : libraries.entrySet()) {
        layer.addEntry(library.getValue(), AbsoluteUnixPath.get(library.getKey()), permissions(library.getValue()),
            ENTRY_TIME);
      }
      Path busybox = base.busybox().toRealPath();
      FilePermissions executable = FilePermissions.fromOctalString("755");
      layer.addEntry(busybox, AbsoluteUnixPath.get("/bin/busybox"), executable, ENTRY_TIME);
      // Layers hold no symbolic links here: sh is a copy of busybox (busybox picks the applet by name).
      layer.addEntry(busybox, AbsoluteUnixPath.get("/bin/sh"), executable, ENTRY_TIME);
      Path tmp = Files.createDirectory(work.resolve("tmp"));
      layer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), ENTRY_TIME);
      JibContainerBuilder jib = Jib.fromScratch()
          .addFileEntriesLayer(layer.build())
          .setEnvironment(new TreeMap<>(Map.of("PATH", JavaBaseImage.JAVA_HOME + "/bin:/bin",
              "JAVA_HOME", JavaBaseImage.JAVA_HOME)))
          .setLabels(new TreeMap<>(Map.of("dev.manta.java-base", String.join(",", base.modules()))))
          .setCreationTime(Instant.EPOCH)
          .setFormat(ImageFormat.Docker);
      return containerize(jib, target, "Java base image", null);
    } catch (IOException e) {
      throw new ImageException(ImageException.Reason.FAILED, "cannot read the runtime's files: " + e.getMessage(), e);
    } finally {
      deleteTree(work);
    }
  }

  private BuiltImage containerize(JibContainerBuilder jib, ImageTarget target, String what, String baseImage)
      throws ImageException {
    Containerizer containerizer;
    try {
      if (target.kind() == ImageTarget.Kind.REGISTRY) {
        containerizer = Containerizer.to(registryImage(target.reference()));
      } else {
        checkDockerEngine(target);
        containerizer = Containerizer.to(DockerDaemonImage.named(target.reference())
            .setDockerExecutable(target.dockerExecutable())
            .setDockerEnvironment(target.dockerEnvironment()));
      }
    } catch (InvalidImageReferenceException e) {
      throw badReference(target.reference(), e);
    }
    Retries retries = new Retries();
    containerizer.setAllowInsecureRegistries(allowInsecureRegistries)
        .setToolName("manta")
        .addEventHandler(LogEvent.class, event -> {
          if (!retries.swallow(event.getMessage(), warnings)) {
            log(what + ": ", event);
          }
        });
    if (baseLayersCache != null) {
      containerizer.setBaseImageLayersCache(baseLayersCache);
    }
    if (applicationLayersCache != null) {
      containerizer.setApplicationLayersCache(applicationLayersCache);
    }
    progress.accept(what + ": building " + target + (baseImage == null ? " from scratch" : " on " + baseImage));
    try {
      JibContainer container = jib.containerize(containerizer);
      BuiltImage built = new BuiltImage(target.reference(), container.getDigest().toString(),
          container.getImageId().toString());
      progress.accept(what + ": " + (target.kind() == ImageTarget.Kind.REGISTRY ? "pushed " : "loaded ")
          + built.digestReference());
      return built;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(ImageException.Reason.FAILED, what + ": interrupted", e);
    } catch (Exception e) {
      ImageException failure = Failures.classify(e, what, target, baseImage, allowInsecureRegistries);
      if (retries.count() > 0 && failure.reason() == ImageException.Reason.REGISTRY_UNREACHABLE) {
        throw new ImageException(failure.reason(), failure.getMessage() + " (gave up after " + retries.count()
            + " retries over " + retries.seconds() + " s)", failure.getCause());
      }
      throw failure;
    }
  }

  /**
   * Jib retries a failed request about ten times with growing pauses (about a minute in all), and
   * warns each time with the whole URL, an upload's long opaque state included. This says it once
   * per request, without the query, and counts the rest.
   */
  static final class Retries {
    private static final String SUFFIX = " failed and will be retried";
    private static final String FINAL = " failed and will NOT be retried";
    private final Set<String> said = new HashSet<>();
    private int count;
    private long first;

    /** Whether {@code message} was a retry warning (then said once per request, or counted). */
    synchronized boolean swallow(String message, Consumer<String> warnings) {
      if (message == null) {
        return false;
      }
      if (message.endsWith(FINAL)) {
        warnings.accept(withoutQuery(message.substring(0, message.length() - FINAL.length())) + FINAL);
        return true;
      }
      if (!message.endsWith(SUFFIX)) {
        return false;
      }
      if (count++ == 0) {
        first = System.nanoTime();
      }
      String request = withoutQuery(message.substring(0, message.length() - SUFFIX.length()));
      if (said.add(request)) {
        warnings.accept(request + SUFFIX + " (Jib retries a failed request with growing pauses for about a minute)");
      }
      return true;
    }

    /** {@code PATCH http://h/v2/r/blobs/uploads/id?_state=…} without {@code ?…}. */
    private static String withoutQuery(String request) {
      int query = request.indexOf('?');
      return query < 0 ? request : request.substring(0, query);
    }

    synchronized int count() {
      return count;
    }

    /** Seconds from the first retry to now. */
    synchronized long seconds() {
      return Math.round((System.nanoTime() - first) / 1e9);
    }
  }


  private RegistryImage base(String reference) throws ImageException {
    try {
      return registryImage(reference);
    } catch (InvalidImageReferenceException e) {
      throw badReference(reference, e);
    }
  }

  private RegistryImage registryImage(String reference) throws InvalidImageReferenceException {
    ImageReference parsed = ImageReference.parse(reference);
    RegistryImage image = RegistryImage.named(parsed);
    credentials.apply(parsed.getRegistry()).ifPresent(c -> image.addCredential(c.username(), c.password()));
    // Docker's own config.json, as Jib does (credentials that 'docker login' wrote).
    image.addCredentialRetriever(CredentialRetrieverFactory.forImage(parsed, event -> log("", event)).dockerConfig());
    return image;
  }

  private static ImageException badReference(String reference, InvalidImageReferenceException e) {
    return new ImageException(ImageException.Reason.BAD_INPUT, "'" + reference + "' is not an image reference "
        + "(expected [host[:port]/]path[:tag][@sha256:digest], lower case)", e);
  }

  /** Fails with {@link ImageException.Reason#NO_DOCKER} unless {@code docker version} answers. */
  static void checkDockerEngine(ImageTarget target) throws ImageException {
    List<String> command = List.of(target.dockerExecutable().toString(), "version", "--format", "{{.Server.Version}}");
    String output;
    int exit;
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(target.dockerEnvironment());
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(DOCKER_CHECK_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ImageException(ImageException.Reason.NO_DOCKER, "the Docker engine did not answer within "
            + DOCKER_CHECK_SECONDS + " s (" + String.join(" ", command) + ")");
      }
      output = new String(bytes, StandardCharsets.UTF_8).strip();
      exit = p.exitValue();
    } catch (IOException e) {
      throw new ImageException(ImageException.Reason.NO_DOCKER, "cannot run '" + target.dockerExecutable()
          + "': " + e.getMessage() + "; install the Docker client, or push to a registry instead", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(ImageException.Reason.NO_DOCKER, "interrupted while asking the Docker engine", e);
    }
    if (exit != 0) {
      String host = target.dockerEnvironment().getOrDefault("DOCKER_HOST",
          Objects.requireNonNullElse(System.getenv("DOCKER_HOST"), "unix:///var/run/docker.sock"));
      throw new ImageException(ImageException.Reason.NO_DOCKER, "no Docker engine answers at " + host + " ("
          + output.lines().reduce((a, b) -> b).orElse("docker version failed") + "); start one, set DOCKER_HOST, "
          + "or push to a registry instead");
    }
  }

  /** Jib's message, after {@code prefix} (which image it is about: builds may run side by side). */
  private void log(String prefix, LogEvent event) {
    String message = event.getMessage();
    if (message.isBlank()) {
      return;
    }
    switch (event.getLevel()) {
      case ERROR, WARN -> {
        // With insecure registries allowed, Jib still tries HTTPS first and says so every time.
        if (allowInsecureRegistries && (message.contains("over HTTPS") || message.contains("Cannot verify server"))) {
          return;
        }
        warnings.accept(prefix + message);
      }
      case LIFECYCLE, PROGRESS -> progress.accept(prefix + message);
      default -> { }
    }
  }

  private FileEntriesLayer jars(String name, List<Path> jars, Set<String> names, List<String> classpath)
      throws ImageException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new ImageException(ImageException.Reason.BAD_INPUT, "dependency " + jar + " is not a file; "
            + "resolve and package the project's dependencies first (mvn package)");
      }
      String file = jar.getFileName().toString();
      String unique = file;
      for (int i = 2; !names.add(unique); i++) {
        unique = i + "-" + file;
      }
      String inImage = ModuleImage.LIBS + "/" + unique;
      layer.addEntry(jar, AbsoluteUnixPath.get(inImage), ENTRY_TIME);
      classpath.add(inImage);
    }
    return layer.build();
  }

  /** The regular files under {@code dir}, sorted by path. */
  private static List<Path> files(Path dir) throws ImageException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
    } catch (IOException e) {
      throw new ImageException(ImageException.Reason.FAILED, "cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static FilePermissions permissions(Path file) throws IOException {
    return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing a build for
    }
  }

  /** Builds an {@link ImageBuilder}. */
  public static final class Builder {
    private boolean allowInsecureRegistries;
    private Path baseLayersCache;
    private Path applicationLayersCache;
    private Function<String, Optional<RegistryCredential>> credentials = host -> Optional.empty();
    private Consumer<String> progress = s -> { };
    private Consumer<String> warnings = s -> { };

    private Builder() {}

    /** Talk plain HTTP to registries that do not speak HTTPS (default: refuse them). */
    public Builder allowInsecureRegistries(boolean allow) {
      this.allowInsecureRegistries = allow;
      return this;
    }

    /** Where base image layers are cached (default: Jib's, {@code ~/.cache/google-cloud-tools-java/jib}). */
    public Builder baseLayersCache(Path dir) {
      this.baseLayersCache = dir;
      return this;
    }

    /** Where application layers are cached (default: a temporary folder). */
    public Builder applicationLayersCache(Path dir) {
      this.applicationLayersCache = dir;
      return this;
    }

    /** Credentials by registry host ({@code host} or {@code host:port}); Docker's config.json is also read. */
    public Builder credentials(Function<String, Optional<RegistryCredential>> byRegistry) {
      this.credentials = Objects.requireNonNull(byRegistry, "byRegistry");
      return this;
    }

    /** Receives progress lines while building and pushing. */
    public Builder progress(Consumer<String> sink) {
      this.progress = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Receives Jib's warnings. */
    public Builder warnings(Consumer<String> sink) {
      this.warnings = Objects.requireNonNull(sink, "sink");
      return this;
    }

    public ImageBuilder build() {
      return new ImageBuilder(this);
    }
  }
}
