package dev.manta.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.graph.Json;
import dev.manta.graph.Names;
import dev.manta.manifest.Manifest;
import dev.manta.runtime.cluster.ClusterLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to deploy: a swarm's manifest, the image (by digest) of each of its modules, and the
 * launch parameters. Immutable; made with {@link #builder(Manifest)}.
 */
public final class Deployment {
  /** The first port tried for the conductor on its manager unless one is set. */
  public static final int DEFAULT_CONDUCTOR_PORT = ClusterLayout.CONDUCTOR_PORT;

  private final String swarm;
  private final Manifest manifest;
  private final Map<String, String> images;
  private final String globalsJson;
  private final long seed;
  private final String datasetsRoot;
  private final Duration lease;
  private final Duration agentWait;
  private final Duration startTimeout;
  private final int conductorPort;
  private final boolean reserveResources;

  private Deployment(Builder b) {
    this.manifest = b.manifest;
    this.swarm = b.swarm == null ? manifest.swarm() : b.swarm;
    this.images = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(b.images));
    this.globalsJson = b.globals.toString();
    this.seed = b.seed;
    this.datasetsRoot = b.datasetsRoot;
    this.lease = b.lease;
    this.agentWait = b.agentWait;
    this.startTimeout = b.startTimeout;
    this.conductorPort = b.conductorPort;
    this.reserveResources = b.reserveResources;
  }

  /** A deployment of {@code manifest}'s swarm, under the swarm's own name unless {@link Builder#swarm} says otherwise. */
  public static Builder builder(Manifest manifest) {
    return new Builder(Objects.requireNonNull(manifest, "manifest"));
  }

  /** The name every Docker object of the deployment carries in its {@code manta.swarm} label. */
  public String swarm() {
    return swarm;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** Module name → image reference ({@code repo@sha256:…}). */
  public Map<String, String> images() {
    return images;
  }

  /** The launch globals, a JSON object. */
  public String globalsJson() {
    return globalsJson;
  }

  public long seed() {
    return seed;
  }

  /** The host folder holding one sub-folder per node hostname with its datasets, or {@code null}. */
  public String datasetsRoot() {
    return datasetsRoot;
  }

  public Duration lease() {
    return lease;
  }

  public Duration agentWait() {
    return agentWait;
  }

  /** How long deploy waits for every container to run before it gives up and removes what it made. */
  public Duration startTimeout() {
    return startTimeout;
  }

  /**
   * The port the conductor is published on, in host mode, on its manager node; 0 (the default):
   * the first port from {@link #DEFAULT_CONDUCTOR_PORT} on that no service of the cluster publishes.
   */
  public int conductorPort() {
    return conductorPort;
  }

  /**
   * Whether each agent service reserves its module's resources on its nodes (they are always its
   * limits). Off unless set: agents of every module live on a node at once but run instances only
   * when assigned, so reserving would need the sum of all modules' resources on every node.
   */
  public boolean reserveResources() {
    return reserveResources;
  }

  /** Collects a {@link Deployment}; {@link #build()} checks it. */
  public static final class Builder {
    private final Manifest manifest;
    private String swarm;
    private final Map<String, String> images = new TreeMap<>();
    private final ObjectNode globals = Json.mapper().createObjectNode();
    private long seed = 1;
    private String datasetsRoot;
    private Duration lease = Duration.parse(ClusterLayout.DEFAULT_LEASE);
    private Duration agentWait = Duration.parse(ClusterLayout.DEFAULT_AGENT_WAIT);
    private Duration startTimeout = Duration.ofMinutes(2);
    private int conductorPort;
    private boolean reserveResources;

    private Builder(Manifest manifest) {
      this.manifest = manifest;
    }

    /** Deploys under another name than the manifest's swarm name (e.g. two copies side by side). */
    public Builder swarm(String name) {
      this.swarm = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The image of {@code module}: a reference by digest, {@code registry/repo@sha256:…}. */
    public Builder image(String module, String reference) {
      images.put(Objects.requireNonNull(module, "module"), Objects.requireNonNull(reference, "reference"));
      return this;
    }

    /** Every module's image from the {@code images.json} that {@code manta:build} writes. */
    public Builder imagesFile(Path imagesJson) {
      JsonNode root;
      try {
        root = Json.mapper().readTree(Files.readString(imagesJson));
      } catch (IOException e) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "cannot read " + imagesJson + ": "
            + e.getMessage() + "; build the images first (mvn manta:build -Dmanta.registry=HOST:PORT)", e);
      }
      if (!"registry".equals(root.path("target").asText())) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, imagesJson + " lists images of the local "
            + "Docker engine (target '" + root.path("target").asText() + "'), which other nodes cannot pull; build "
            + "them for a registry (mvn manta:build -Dmanta.registry=HOST:PORT)");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("modules").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        image(e.getKey(), e.getValue().path("reference").asText());
      }
      return this;
    }

    /** A launch global (as {@code -Dmanta.globals} gives them); the value is written as JSON. */
    public Builder global(String name, Object value) {
      globals.set(Objects.requireNonNull(name, "name"), Json.toTree(value));
      return this;
    }

    /** Every entry of {@code values} as a launch global. */
    public Builder globals(Map<String, ?> values) {
      values.forEach(this::global);
      return this;
    }

    /** The conductor's placement seed, so runs repeat. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The host folder of the datasets: each node mounts {@code <root>/<its hostname>} read-only at
     * {@value ClusterLayout#DATASETS_DIR} in the agents of modules that read datasets.
     */
    public Builder datasetsRoot(String hostPath) {
      this.datasetsRoot = Objects.requireNonNull(hostPath, "hostPath");
      return this;
    }

    /** The agents' lease: a node that does not renew it within this time is lost. */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** How long the conductor waits for the expected agents to register. */
    public Builder agentWait(Duration wait) {
      this.agentWait = positive(wait, "agentWait");
      return this;
    }

    /** How long deploy waits for every container to run. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = positive(timeout, "startTimeout");
      return this;
    }

    /** The manager's port the conductor is published on (host mode); deploy fails if a service publishes it already. */
    public Builder conductorPort(int port) {
      if (port < 1 || port > 65535) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "conductor port " + port
            + " is not a TCP port (1-65535)");
      }
      this.conductorPort = port;
      return this;
    }

    /** Reserve each module's resources on its nodes (see {@link Deployment#reserveResources()}). */
    public Builder reserveResources(boolean reserve) {
      this.reserveResources = reserve;
      return this;
    }

    /** Checks the name and that every module has an image by digest. */
    public Deployment build() {
      String name = swarm == null ? manifest.swarm() : swarm;
      if (!Names.isValid(name)) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "swarm name '" + name + "' is not a valid "
            + "name (" + Names.RULE + ")");
      }
      StringBuilder problems = new StringBuilder();
      for (Manifest.Module m : manifest.modules()) {
        String ref = images.get(m.name());
        if (ref == null) {
          problems.append("\n  module '").append(m.name()).append("' has no image");
        } else if (!ref.contains("@sha256:")) {
          problems.append("\n  module '").append(m.name()).append("': image '").append(ref)
              .append("' is not a reference by digest (repo@sha256:…), so nodes could run different code");
        }
      }
      if (problems.length() > 0) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, "cannot deploy swarm '" + name + "':"
            + problems + "\n  Build and push the images first (mvn manta:build -Dmanta.registry=HOST:PORT writes "
            + "target/manta/images.json).");
      }
      return new Deployment(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new MantaClientException(MantaClientException.Reason.BAD_INPUT, what + " must be a positive duration, not "
            + d);
      }
      return d;
    }
  }

}
