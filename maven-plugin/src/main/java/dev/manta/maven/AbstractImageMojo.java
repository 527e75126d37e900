package dev.manta.maven;

import dev.manta.images.ImageBuilder;
import dev.manta.images.ImageException;
import dev.manta.images.ImageTarget;
import dev.manta.images.RegistryCredential;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** What the image goals share: where images go, registry credentials, and turning failures into advice. */
abstract class AbstractImageMojo extends AbstractMantaMojo {
  /** {@code registry} pushes to {@link #registry}; {@code docker} loads into the local Docker engine. */
  static final String TARGET_REGISTRY = "registry";
  static final String TARGET_DOCKER = "docker";

  /** The registry to push to, {@code host[:port]}; required for the {@code registry} target. */
  @Parameter(property = MantaProperties.REGISTRY)
  protected String registry;

  /** Where images go: {@code registry} (push to {@link #registry}) or {@code docker} (the local engine). */
  @Parameter(property = MantaProperties.TARGET, defaultValue = TARGET_REGISTRY)
  protected String target;

  /** Talk plain HTTP to registries without HTTPS (a test registry of your own); refused by default. */
  @Parameter(property = MantaProperties.ALLOW_INSECURE_REGISTRIES, defaultValue = "false")
  protected boolean allowInsecureRegistries;

  /** The {@code docker} client for the {@code docker} target (a path, or a name looked up on the PATH); it honours {@code DOCKER_HOST}. */
  @Parameter(property = MantaProperties.DOCKER_EXECUTABLE, defaultValue = "docker")
  protected String dockerExecutable;

  @Parameter(defaultValue = "${settings}", readonly = true)
  protected Settings settings;

  @Component
  protected SettingsDecrypter decrypter;

  /** Checks {@link #target} and {@link #registry}; returns whether images are pushed. */
  protected boolean pushing() throws MojoFailureException {
    String t = target == null ? TARGET_REGISTRY : target.strip().toLowerCase(Locale.ROOT);
    if (t.equals(TARGET_DOCKER)) {
      return false;
    }
    if (!t.equals(TARGET_REGISTRY)) {
      throw new MojoFailureException("unknown target '" + target + "': use -D" + MantaProperties.TARGET
          + "=registry (push to -D" + MantaProperties.REGISTRY + "=HOST:PORT) or -D" + MantaProperties.TARGET + "=docker");
    }
    if (registry == null || registry.isBlank()) {
      throw new MojoFailureException("no registry to push to: set -D" + MantaProperties.REGISTRY + "=HOST:PORT (or "
          + "<registry> in the plugin's configuration), or load the images into the local Docker engine with -D"
          + MantaProperties.TARGET + "=docker");
    }
    return true;
  }

  protected ImageTarget imageTarget(boolean push, String reference) {
    return push ? ImageTarget.registry(reference)
        : ImageTarget.dockerDaemon(reference).withDockerExecutable(java.nio.file.Path.of(dockerExecutable));
  }

  protected ImageBuilder.Builder imageBuilder() {
    return ImageBuilder.builder()
        .allowInsecureRegistries(allowInsecureRegistries)
        .credentials(this::credential)
        .progress(line -> getLog().info(line))
        .warnings(line -> getLog().warn(line));
  }

  /** The {@code <server>} of settings.xml whose id is the registry ({@code host:port}, else {@code host}). */
  private Optional<RegistryCredential> credential(String registryHost) {
    if (settings == null) {
      return Optional.empty();
    }
    Server server = settings.getServer(registryHost);
    if (server == null && registryHost.contains(":")) {
      server = settings.getServer(registryHost.substring(0, registryHost.lastIndexOf(':')));
    }
    if (server == null || server.getUsername() == null) {
      return Optional.empty();
    }
    if (decrypter != null) {
      SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      if (result.getServer() != null) {
        server = result.getServer();
      }
    }
    return Optional.of(new RegistryCredential(server.getUsername(), server.getPassword() == null ? ""
        : server.getPassword()));
  }

  /** The failure as the build reports it: the library's message plus how to fix it with this plugin. */
  protected MojoFailureException failure(ImageException e) {
    String hint = switch (e.reason()) {
      case NO_DOCKER -> "\n  Start a Docker engine (in a Manta checkout, 'sudo scripts/cluster up 3' starts one) or push "
          + "to a registry with -D" + MantaProperties.REGISTRY + "=HOST:PORT.";
      case INSECURE_REGISTRY -> "\n  To use a plain-HTTP registry you trust, add -D" + MantaProperties.ALLOW_INSECURE_REGISTRIES
          + "=true.";
      case PUSH_REFUSED, BASE_IMAGE_REFUSED -> "\n  Credentials come from settings.xml: <servers><server><id>REGISTRY"
          + "</id><username>…</username><password>…</password></server></servers>, or from docker login.";
      case BASE_IMAGE_NOT_FOUND -> "\n  Set the base with -D" + MantaProperties.BASE_IMAGE + "=REFERENCE or @Task(image = …); "
          + "'mvn manta:base-image -D" + MantaProperties.REGISTRY + "=HOST:PORT' pushes a Java base image made from "
          + "the installed JDK.";
      case REGISTRY_UNREACHABLE -> "\n  Check -D" + MantaProperties.REGISTRY + " and the base image's registry.";
      default -> "";
    };
    return new MojoFailureException(e.getMessage() + hint, e);
  }
}
