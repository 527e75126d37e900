package dev.manta.images;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a built image goes: pushed to a registry, or loaded into a Docker engine (through the
 * {@code docker} command, which honours {@code DOCKER_HOST}).
 */
public final class ImageTarget {
  /** The two kinds of target. */
  public enum Kind {
    REGISTRY, DOCKER_DAEMON
  }

  private final Kind kind;
  private final String reference;
  private final Path dockerExecutable;
  private final Map<String, String> dockerEnvironment;

  private ImageTarget(Kind kind, String reference, Path dockerExecutable, Map<String, String> dockerEnvironment) {
    this.kind = kind;
    this.reference = Objects.requireNonNull(reference, "reference");
    this.dockerExecutable = dockerExecutable;
    this.dockerEnvironment = Map.copyOf(dockerEnvironment);
  }

  /** Push to the registry the reference names, e.g. {@code 10.77.0.1:5000/dev.manta/trainer:1.0}. */
  public static ImageTarget registry(String reference) {
    return new ImageTarget(Kind.REGISTRY, reference, null, Map.of());
  }

  /** Load into the Docker engine through {@code docker} on the PATH. */
  public static ImageTarget dockerDaemon(String reference) {
    return new ImageTarget(Kind.DOCKER_DAEMON, reference, Path.of("docker"), Map.of());
  }

  /** The same target with another {@code docker} executable (Docker engine targets only). */
  public ImageTarget withDockerExecutable(Path executable) {
    return new ImageTarget(kind, reference, Objects.requireNonNull(executable, "executable"), dockerEnvironment);
  }

  /** The same target with extra environment for {@code docker}, e.g. {@code DOCKER_HOST}. */
  public ImageTarget withDockerEnvironment(Map<String, String> environment) {
    return new ImageTarget(kind, reference, dockerExecutable, new TreeMap<>(environment));
  }

  public Kind kind() {
    return kind;
  }

  public String reference() {
    return reference;
  }

  /** The {@code docker} executable for an engine target; {@code null} for a registry. */
  public Path dockerExecutable() {
    return dockerExecutable;
  }

  public Map<String, String> dockerEnvironment() {
    return dockerEnvironment;
  }

  @Override
  public String toString() {
    return (kind == Kind.REGISTRY ? "registry " : "Docker engine ") + reference;
  }
}
