package dev.manta.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.graph.Json;
import dev.manta.runtime.node.NodeSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the environment {@code manta:deploy} gives the conductor and agent containers
 * ({@link ClusterLayout}); every problem is a {@link ConfigException} naming the variable and what
 * to set.
 */
final class ClusterEnv {
  /** A missing or malformed setting: the process exits with code 2 and this message. */
  static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }

  /** A node of {@link ClusterLayout#ENV_NODES}: its Docker hostname and its Manta node. */
  record Node(String hostname, NodeSpec spec) {}

  private final Map<String, String> env;

  ClusterEnv(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  String required(String name, String example) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new ConfigException(name + " is not set; set it to " + example
          + " (manta:deploy sets it in the containers it creates)");
    }
    return v.trim();
  }

  String optional(String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  URI conductorUrl() {
    String v = required(ClusterLayout.ENV_CONDUCTOR_URL, "the conductor's URL, e.g. http://tasks.manta-<swarm>-conductor:"
        + ClusterLayout.CONDUCTOR_PORT);
    try {
      URI uri = new URI(v.endsWith("/") ? v : v + "/");
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigException(ClusterLayout.ENV_CONDUCTOR_URL + " is '" + v + "'; it must be an http:// URL with a"
            + " host, e.g. http://tasks.manta-<swarm>-conductor:" + ClusterLayout.CONDUCTOR_PORT);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(ClusterLayout.ENV_CONDUCTOR_URL + " is '" + v + "', not a URL: " + e.getMessage());
    }
  }

  /** The token, read from {@link ClusterLayout#ENV_TOKEN_FILE} (default {@link ClusterLayout#TOKEN_FILE}). */
  String token() {
    Path file = Path.of(optional(ClusterLayout.ENV_TOKEN_FILE, ClusterLayout.TOKEN_FILE));
    String token;
    try {
      token = Files.readString(file).trim();
    } catch (IOException e) {
      throw new ConfigException("cannot read the token file " + file + " (" + e.getMessage() + "); mount the"
          + " deployment's token secret there, or set " + ClusterLayout.ENV_TOKEN_FILE + " to the file holding it");
    }
    if (token.isEmpty()) {
      throw new ConfigException("the token file " + file + " is empty; it must hold the deployment's token");
    }
    return token;
  }

  Duration duration(String name, String fallback) {
    String v = optional(name, fallback);
    try {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        throw new ConfigException(name + " is '" + v + "'; it must be a positive ISO-8601 duration such as PT10S");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(name + " is '" + v + "', not an ISO-8601 duration; use e.g. PT10S or PT5M");
    }
  }

  int port() {
    String v = optional(ClusterLayout.ENV_PORT, String.valueOf(ClusterLayout.CONDUCTOR_PORT));
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new ConfigException(ClusterLayout.ENV_PORT + " is '" + v + "'; use a port number (0 to 65535)");
    }
  }

  long seed() {
    String v = optional(ClusterLayout.ENV_SEED, "0");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(ClusterLayout.ENV_SEED + " is '" + v + "'; use a whole number");
    }
  }

  /** The launch globals of {@link ClusterLayout#ENV_GLOBALS}, a JSON object (empty when unset). */
  Map<String, Object> globals() {
    String v = optional(ClusterLayout.ENV_GLOBALS, "{}");
    JsonNode root;
    try {
      root = Json.mapper().readTree(v);
    } catch (IOException e) {
      throw new ConfigException(ClusterLayout.ENV_GLOBALS + " is not JSON (" + e.getMessage() + "); set it to a JSON"
          + " object of name → value, e.g. {\"rounds\": 5}");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(ClusterLayout.ENV_GLOBALS + " must be a JSON object of name → value, e.g."
          + " {\"rounds\": 5}, not " + v);
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    root.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * The nodes of {@link ClusterLayout#ENV_NODES}; datasets are folders under {@code datasetsDir},
   * one per name.
   */
  List<Node> nodes(Path datasetsDir) {
    String name = ClusterLayout.ENV_NODES;
    String v = required(name, "a JSON array of nodes, e.g. [{\"hostname\": \"worker-1\", \"id\": \"node-1\","
        + " \"datasets\": [\"digits\"], \"gpu\": false}]");
    JsonNode root;
    try {
      root = Json.mapper().readTree(v);
    } catch (IOException e) {
      throw new ConfigException(name + " is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new ConfigException(name + " must be a non-empty JSON array of nodes, e.g. [{\"hostname\": \"worker-1\","
          + " \"id\": \"node-1\"}]");
    }
    List<Node> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      String at = name + "[" + i + "]";
      String hostname = n.path("hostname").asText("");
      String id = n.hasNonNull("id") ? n.get("id").asText() : hostname;
      if (hostname.isEmpty() && id.isEmpty()) {
        throw new ConfigException(at + " has neither 'hostname' nor 'id'");
      }
      if (ids.contains(id)) {
        throw new ConfigException(at + ": node id '" + id + "' appears twice; give every Docker node its own "
            + ClusterLayout.NODE_LABEL_ID + " label");
      }
      ids.add(id);
      NodeSpec spec;
      try {
        spec = NodeSpec.of(id).withGpu(n.path("gpu").asBoolean(false));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at + ": " + e.getMessage());
      }
      for (JsonNode d : n.path("datasets")) {
        spec = spec.withDataset(d.asText(), datasetsDir.resolve(d.asText()));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("labels").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        spec = spec.withLabel(e.getKey(), e.getValue().asText());
      }
      out.add(new Node(hostname, spec));
    }
    return out;
  }

  /** This agent's node: the entry of {@link ClusterLayout#ENV_NODES} whose hostname is {@link ClusterLayout#ENV_NODE_HOSTNAME}. */
  Node ownNode(Path datasetsDir) {
    String hostname = required(ClusterLayout.ENV_NODE_HOSTNAME, "the Docker node's hostname ({{.Node.Hostname}})");
    List<Node> nodes = nodes(datasetsDir);
    for (Node n : nodes) {
      if (n.hostname().equals(hostname)) {
        return n;
      }
    }
    throw new ConfigException(ClusterLayout.ENV_NODES + " has no node with hostname '" + hostname + "' (it lists "
        + nodes.stream().map(Node::hostname).toList() + "); deploy again so the node list includes this node");
  }

  Path datasetsDir() {
    return Path.of(optional(ClusterLayout.ENV_DATASETS_DIR, ClusterLayout.DATASETS_DIR));
  }
}
