package dev.manta.client;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * The Java user API of a Docker Swarm-mode cluster: list its nodes, deploy a swarm, and reach the
 * swarms deployed on it. The engine is the one {@code DOCKER_HOST} (with {@code DOCKER_TLS_VERIFY}
 * and {@code DOCKER_CERT_PATH}) names, as docker's own client reads them; it must be a manager.
 *
 * <pre>{@code
 * try (MantaClient client = MantaClient.fromEnvironment()) {
 *   DeployedSwarm swarm = client.deploy(Deployment.builder(manifest).imagesFile(imagesJson).build());
 *   swarm.follow(Duration.ofMinutes(10), System.out::println);
 *   swarm.results(Path.of("target/manta", swarm.name()));
 *   swarm.undeploy(true);
 * }
 * }</pre>
 */
public final class MantaClient implements AutoCloseable {
  private final DockerClient docker;
  private final String dockerHost;
  private final TokenStore tokens;
  private final String conductorHost;
  private final Consumer<String> progress;

  private MantaClient(Builder b) {
    this.dockerHost = b.dockerHost;
    this.docker = DockerConnection.open(b.dockerHost);
    this.tokens = new TokenStore(b.tokenDirectory);
    this.conductorHost = b.conductorHost;
    this.progress = b.progress;
  }

  /** A client of the engine the environment names ({@code DOCKER_HOST}, else the local socket). */
  public static MantaClient fromEnvironment() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The swarm's nodes, by Manta id. */
  public List<ClusterNode> nodes() {
    return call(() -> NodeReader.read(docker));
  }

  /**
   * Creates the swarm's Docker objects and waits until every container runs (bounded by the
   * deployment's start timeout). On any failure it removes what it created and throws a
   * {@link MantaClientException} whose reason says what went wrong: NOT_A_MANAGER,
   * ALREADY_DEPLOYED, NO_ELIGIBLE_NODE, IMAGE_PULL_FAILED, START_FAILED, BAD_INPUT, …
   */
  public DeployedSwarm deploy(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    return call(() -> {
      new SwarmCreator(docker, tokens, this::report).create(deployment);
      return handle(deployment.swarm());
    });
  }

  /** A swarm deployed earlier; NOT_DEPLOYED when no object of that name exists. */
  public DeployedSwarm swarm(String name) {
    Objects.requireNonNull(name, "name");
    return call(() -> {
      if (DockerObjects.list(docker, name, true).isEmpty()) {
        throw DockerObjects.notDeployed(docker, name);
      }
      return handle(name);
    });
  }

  /** The names of the swarms deployed on the cluster. */
  public SortedSet<String> swarms() {
    return call(() -> DockerObjects.swarms(docker));
  }

  /** Where the token of {@code swarm} is kept on this machine. */
  public Path tokenFile(String swarm) {
    return tokens.file(swarm);
  }

  private DeployedSwarm handle(String name) {
    return new DeployedSwarm(docker, name, tokens, DockerConnection.engineHost(docker, dockerHost), conductorHost);
  }

  private void report(String line) {
    try {
      progress.accept(line);
    } catch (RuntimeException e) {
      // a progress printer that fails must not fail the deployment
    }
  }

  /** Runs a Docker call, turning "no engine answers" into NO_DOCKER. */
  private <T> T call(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (MantaClientException e) {
      throw e;
    } catch (RuntimeException e) {
      if (isConnectionFailure(e)) {
        throw new MantaClientException(MantaClientException.Reason.NO_DOCKER, "no Docker engine answers at "
            + (dockerHost == null ? "DOCKER_HOST (or the default socket)" : dockerHost) + ": " + rootMessage(e)
            + "\n  Set DOCKER_HOST to a swarm manager (in a Manta checkout, 'sudo scripts/cluster up 3' starts a "
            + "test cluster).", e);
      }
      throw new MantaClientException(MantaClientException.Reason.DOCKER_ERROR, "the Docker engine failed: "
          + rootMessage(e), e);
    }
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void close() {
    try {
      docker.close();
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.IO, "cannot close the Docker client: "
          + e.getMessage(), e);
    }
  }

  /** Settings of a {@link MantaClient}. */
  public static final class Builder {
    private String dockerHost;
    private Path tokenDirectory = TokenStore.defaultDirectory();
    private String conductorHost;
    private Consumer<String> progress = line -> { };

    private Builder() {}

    /** The engine, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://manager:2376}; default from DOCKER_HOST. */
    public Builder dockerHost(String host) {
      this.dockerHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Where deploy stores each swarm's token and the other calls read it; default {@code ~/.manta/tokens}. */
    public Builder tokenDirectory(Path directory) {
      this.tokenDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The host this machine reaches the conductor's published port on; default: its manager node's address. */
    public Builder conductorHost(String host) {
      this.conductorHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Where deploy reports its steps, one line each. */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public MantaClient build() {
      return new MantaClient(this);
    }
  }
}
