package dev.manta.runtime.cluster;

/**
 * The contract between {@code manta:deploy} (which creates the Docker objects) and the processes
 * that run in them (the conductor and the agents): names, paths, environment variables and HTTP
 * paths, in one place. Both sides use these constants; docs/cluster.md describes them for users.
 */
public final class ClusterLayout {
  private ClusterLayout() {}

  // ---- Docker objects (created by deploy; every one carries LABEL_SWARM=<swarm>) ----

  /** Label on every Docker object of a deployment: its swarm name. */
  public static final String LABEL_SWARM = "manta.swarm";
  /** Label on an agent service: the module (task class) it runs. */
  public static final String LABEL_MODULE = "manta.module";
  /** Label on a service: its role, {@link #ROLE_CONDUCTOR} or {@link #ROLE_AGENT}. */
  public static final String LABEL_ROLE = "manta.role";
  public static final String ROLE_CONDUCTOR = "conductor";
  public static final String ROLE_AGENT = "agent";
  /** Docker node label holding a node's Manta id (else the node's hostname is its id). */
  public static final String NODE_LABEL_ID = "manta.node";
  /** Docker node label: comma-separated dataset names the node holds. */
  public static final String NODE_LABEL_DATASETS = "manta.datasets";
  /** Docker node label: {@code true} when the node has a GPU. */
  public static final String NODE_LABEL_GPU = "manta.gpu";

  /** The conductor's service name for {@code swarm}. */
  public static String conductorService(String swarm) {
    return "manta-" + swarm + "-conductor";
  }

  /** The journal volume's name for {@code swarm}. */
  public static String journalVolume(String swarm) {
    return "manta-" + swarm + "-journal";
  }

  /** The token secret's name for {@code swarm}. */
  public static String tokenSecret(String swarm) {
    return "manta-" + swarm + "-token";
  }

  /** The manifest config's name for {@code swarm}. */
  public static String manifestConfig(String swarm) {
    return "manta-" + swarm + "-manifest";
  }

  // ---- inside the containers ----

  /** The conductor's main class (runs from any module image of the swarm: all hold the runtime). */
  public static final String CONDUCTOR_MAIN = "dev.manta.runtime.cluster.ConductorMain";
  /** The port the conductor listens on (agents and {@code manta:status} talk to it). */
  public static final int CONDUCTOR_PORT = 7070;
  /** Where the journal volume is mounted in the conductor's container. */
  public static final String JOURNAL_DIR = "/manta/journal";
  /** Where the manifest config is mounted in the conductor's container. */
  public static final String MANIFEST_FILE = "/manta/manifest.json";
  /** Where the token secret is mounted in every container. */
  public static final String TOKEN_FILE = "/run/secrets/manta-token";
  /** Under this folder an agent finds each dataset of its node, one folder per name (read-only). */
  public static final String DATASETS_DIR = "/manta/datasets";

  /** Env: the swarm's name. */
  public static final String ENV_SWARM = "MANTA_SWARM";
  /** Env (agents): the conductor's base URL, e.g. {@code http://tasks.manta-fl-conductor:7070}. */
  public static final String ENV_CONDUCTOR_URL = "MANTA_CONDUCTOR_URL";
  /** Env: the token file (default {@link #TOKEN_FILE}). */
  public static final String ENV_TOKEN_FILE = "MANTA_TOKEN_FILE";
  /** Env (agents): the Docker node's hostname, set by deploy to the template {@code {{.Node.Hostname}}}. */
  public static final String ENV_NODE_HOSTNAME = "MANTA_NODE_HOSTNAME";
  /**
   * Env (conductor and agents): the eligible nodes as JSON, an array of objects {@code {"hostname":
   * …, "id": …, "datasets": [...], "gpu": bool, "labels": {...}}} read from the Docker nodes at
   * deploy time; an agent finds its own entry by {@link #ENV_NODE_HOSTNAME}; the conductor waits
   * for these agents.
   */
  public static final String ENV_NODES = "MANTA_NODES";
  /** Env (conductor): the launch globals as a JSON object ({@code -Dmanta.globals} of deploy). */
  public static final String ENV_GLOBALS = "MANTA_GLOBALS";
  /** Env (conductor): the placement seed. */
  public static final String ENV_SEED = "MANTA_SEED";
  /** Env: the agents' lease as an ISO-8601 duration (default {@link #DEFAULT_LEASE}). */
  public static final String ENV_LEASE = "MANTA_LEASE";
  /** Env (conductor): how long to wait for the expected agents, ISO-8601 (default {@link #DEFAULT_AGENT_WAIT}). */
  public static final String ENV_AGENT_WAIT = "MANTA_AGENT_WAIT";
  /** Env (conductor): where the journal and the report files go (default {@link #JOURNAL_DIR}). */
  public static final String ENV_JOURNAL_DIR = "MANTA_JOURNAL_DIR";
  /** Env (conductor): the manifest file to check against the class path (default {@link #MANIFEST_FILE}). */
  public static final String ENV_MANIFEST_FILE = "MANTA_MANIFEST_FILE";
  /** Env (conductor): the port to listen on (default {@link #CONDUCTOR_PORT}; 0 picks a free one, for tests). */
  public static final String ENV_PORT = "MANTA_PORT";
  /** Env (agents): the folder holding one folder per dataset (default {@link #DATASETS_DIR}). */
  public static final String ENV_DATASETS_DIR = "MANTA_DATASETS_DIR";
  public static final String DEFAULT_LEASE = "PT10S";
  public static final String DEFAULT_AGENT_WAIT = "PT5M";

  // ---- HTTP ----

  /** Every request carries {@code Authorization: Bearer <token>}; anything else gets 401. */
  public static final String AUTHORIZATION = "Authorization";
  public static final String BEARER = "Bearer ";
  /** Agent endpoints (POST, JSON): {@code register, heartbeat, poll, message, log} under this prefix. */
  public static final String AGENT_PATH = "/v1/agent/";
  /** GET: the run's status as JSON. */
  public static final String STATUS_PATH = "/v1/status";
  /** GET {@code /v1/files/<name>}: report.json, globals.json, results.json, instances.json, journal.jsonl. */
  public static final String FILES_PATH = "/v1/files/";
  /** GET {@code /v1/logs?after=N&wait=SECONDS}: log lines after sequence number N (long poll, bounded). */
  public static final String LOGS_PATH = "/v1/logs";
  /** Header naming the agent's session on every agent request but {@code register}. */
  public static final String SESSION_HEADER = "X-Manta-Session";
  /** The journal's file name in the journal folder; also served under {@link #FILES_PATH}. */
  public static final String JOURNAL_FILE = "journal.jsonl";
  /** The files GET {@link #FILES_PATH} serves (the report files once the run ended, the journal any time). */
  public static final java.util.List<String> FILES = java.util.List.of("report.json", "globals.json", "results.json",
      "instances.json", JOURNAL_FILE);
}
