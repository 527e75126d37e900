package dev.manta.maven;

import dev.manta.images.BuiltImage;
import dev.manta.images.ImageException;
import dev.manta.images.ImageNames;
import dev.manta.images.JavaBaseImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Makes a Java runtime image offline from an installed JDK ({@code jlink}, the shared libraries it
 * needs, a static busybox), from scratch with jib-core, so its digest is the same on every machine
 * with the same JDK; pushes it (or loads it into the local engine) and prints its digest reference
 * for {@code -Dmanta.baseImage}. Needs no project.
 */
@Mojo(name = "base-image", requiresProject = false, threadSafe = true)
public final class BaseImageMojo extends AbstractImageMojo {
  /** The JDK to jlink from (default: the one running Maven). */
  @Parameter(property = MantaProperties.JDK_HOME, defaultValue = "${java.home}")
  private File jdkHome;

  /** The modules of the runtime, separated by commas (default: see JavaBaseImage.DEFAULT_MODULES). */
  @Parameter(property = MantaProperties.JLINK_MODULES)
  private String jlinkModules;

  /** A static busybox, which becomes /bin/sh (Debian: apt-get install busybox-static). */
  @Parameter(property = MantaProperties.BUSYBOX, defaultValue = "/bin/busybox")
  private File busybox;

  /** The image's repository below the registry; the tag is the JDK's feature version ({@code 17}). */
  @Parameter(property = MantaProperties.BASE_IMAGE_REPOSITORY, defaultValue = "manta/java-base")
  private String repository;

  /** Jib's layer caches (default: Jib's own, under ~/.cache). */
  @Parameter(property = MantaProperties.IMAGE_CACHE)
  private File cacheDirectory;

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException {
    boolean push = pushing();
    JavaBaseImage base = JavaBaseImage.of(jdkHome.toPath()).withBusybox(busybox.toPath());
    if (jlinkModules != null && !jlinkModules.isBlank()) {
      List<String> modules = Arrays.stream(jlinkModules.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
      base = base.withModules(modules);
    }
    String reference = (push ? registry.strip() + "/" : "") + repository + ":" + ImageNames.tag(featureVersion());
    var builder = imageBuilder();
    if (cacheDirectory != null) {
      builder.baseLayersCache(cacheDirectory.toPath().resolve("base"))
          .applicationLayersCache(cacheDirectory.toPath().resolve("application"));
    }
    BuiltImage image;
    try {
      image = builder.build().build(base, imageTarget(push, reference));
    } catch (ImageException e) {
      throw failure(e);
    }
    getLog().info("base image: " + image.digestReference());
    getLog().info("use it with -D" + MantaProperties.BASE_IMAGE + "=" + image.digestReference());
  }

  /** {@code 17} for a JDK whose release file says JAVA_VERSION="17.0.12". */
  private String featureVersion() throws MojoFailureException {
    Path release = jdkHome.toPath().resolve("release");
    Properties p = new Properties();
    try {
      p.load(Files.newBufferedReader(release));
    } catch (IOException e) {
      throw new MojoFailureException("no JDK at " + jdkHome + " (cannot read " + release + "): set -D"
          + MantaProperties.JDK_HOME + " to a JDK's home folder");
    }
    String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
    int dot = version.indexOf('.');
    return dot > 0 ? version.substring(0, dot) : version.isEmpty() ? "java" : version;
  }
}
