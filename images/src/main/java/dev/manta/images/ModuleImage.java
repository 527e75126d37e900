package dev.manta.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What goes into a module's image, in layers from the least to the most often changed: the base
 * image, the release dependencies, the snapshot dependencies, the resources and the classes (so a
 * code change rebuilds one layer). The entry point is {@code java [jvmFlags] -cp
 * /app/classes:/app/libs/… mainClass [arguments]}; a Manta module's is {@code dev.manta.spi.Launchers}
 * with the task class's binary name as its argument.
 */
public final class ModuleImage {
  /** Where the classes and resources go in the image. */
  public static final String CLASSES = "/app/classes";
  /** Where the dependency jars go in the image. */
  public static final String LIBS = "/app/libs";

  private final String name;
  private final String mainClass;
  private final String baseImage;
  private final List<Path> dependencies;
  private final List<Path> snapshotDependencies;
  private final List<Path> classesDirectories;
  private final List<String> jvmFlags;
  private final List<String> arguments;
  private final Map<String, String> labels;

  private ModuleImage(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.mainClass = Objects.requireNonNull(b.mainClass, "mainClass");
    this.baseImage = Objects.requireNonNull(b.baseImage, "baseImage");
    this.dependencies = List.copyOf(b.dependencies);
    this.snapshotDependencies = List.copyOf(b.snapshotDependencies);
    this.classesDirectories = List.copyOf(b.classesDirectories);
    this.jvmFlags = List.copyOf(b.jvmFlags);
    this.arguments = List.copyOf(b.arguments);
    this.labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(b.labels));
  }

  public static Builder builder(String name, String mainClass) {
    return new Builder(name, mainClass);
  }

  public String name() {
    return name;
  }

  public String mainClass() {
    return mainClass;
  }

  public String baseImage() {
    return baseImage;
  }

  public List<Path> dependencies() {
    return dependencies;
  }

  public List<Path> snapshotDependencies() {
    return snapshotDependencies;
  }

  public List<Path> classesDirectories() {
    return classesDirectories;
  }

  public List<String> jvmFlags() {
    return jvmFlags;
  }

  /** The main class's arguments, before those the container is started with. */
  public List<String> arguments() {
    return arguments;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** Builds a {@link ModuleImage}. */
  public static final class Builder {
    private final String name;
    private final String mainClass;
    private String baseImage = "eclipse-temurin:17-jre";
    private final List<Path> dependencies = new ArrayList<>();
    private final List<Path> snapshotDependencies = new ArrayList<>();
    private final List<Path> classesDirectories = new ArrayList<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> labels = new TreeMap<>();

    private Builder(String name, String mainClass) {
      this.name = Objects.requireNonNull(name, "name");
      this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
    }

    /** The base image reference (default {@code eclipse-temurin:17-jre}); {@code repo@sha256:…} pins it. */
    public Builder baseImage(String reference) {
      this.baseImage = Objects.requireNonNull(reference, "reference");
      return this;
    }

    /** A release dependency jar (its own layer with the other release jars). */
    public Builder dependency(Path jar) {
      dependencies.add(Objects.requireNonNull(jar, "jar"));
      return this;
    }

    /** A snapshot dependency jar (a layer of its own, since snapshots change more often). */
    public Builder snapshotDependency(Path jar) {
      snapshotDependencies.add(Objects.requireNonNull(jar, "jar"));
      return this;
    }

    /** A compiled-classes folder ({@code target/classes}): its .class files make the classes layer, the rest the resources layer. */
    public Builder classesDirectory(Path directory) {
      classesDirectories.add(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /** A flag for {@code java} before {@code -cp}. */
    public Builder jvmFlag(String flag) {
      jvmFlags.add(Objects.requireNonNull(flag, "flag"));
      return this;
    }

    /** An argument of the main class, after those added before; the container's own arguments follow them all. */
    public Builder argument(String argument) {
      arguments.add(Objects.requireNonNull(argument, "argument"));
      return this;
    }

    /** An image label. */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public ModuleImage build() {
      return new ModuleImage(this);
    }
  }
}
