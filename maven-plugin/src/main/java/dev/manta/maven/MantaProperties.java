package dev.manta.maven;

/**
 * Every {@code -Dmanta.*} property of the plugin's goals, in one place (the goals' {@code @Parameter}
 * annotations use these constants; docs/maven-plugin.md lists them).
 */
final class MantaProperties {
  private MantaProperties() {}

  // Every goal
  static final String SKIP = "manta.skip";
  static final String OUTPUT_DIRECTORY = "manta.outputDirectory";

  // manta:run
  static final String SWARM = "manta.swarm";
  static final String NODES = "manta.nodes";
  static final String NODES_FILE = "manta.nodesFile";
  static final String NODES_DIRECTORY = "manta.nodesDirectory";
  static final String GLOBALS = "manta.globals";
  static final String SEED = "manta.seed";
  static final String PARALLELISM = "manta.parallelism";
  static final String TASK_TIMEOUT = "manta.taskTimeout";
  static final String RESUME = "manta.resume";
  static final String LOGS = "manta.logs";

  // manta:build and manta:base-image
  static final String REGISTRY = "manta.registry";
  static final String TARGET = "manta.target";
  static final String ALLOW_INSECURE_REGISTRIES = "manta.allowInsecureRegistries";
  static final String DOCKER_EXECUTABLE = "manta.dockerExecutable";
  static final String IMAGE_CACHE = "manta.imageCache";

  // manta:build
  static final String BASE_IMAGE = "manta.baseImage";
  static final String IMAGE_NAMESPACE = "manta.imageNamespace";
  static final String IMAGE_TAG = "manta.imageTag";
  static final String JVM_FLAGS = "manta.jvmFlags";
  static final String IMAGE_THREADS = "manta.imageThreads";

  // manta:deploy, status, logs, results, undeploy (the cluster goals; manta.swarm names the swarm)
  static final String DOCKER_HOST = "manta.dockerHost";
  static final String CONDUCTOR_HOST = "manta.conductorHost";
  static final String FOLLOW = "manta.follow";
  static final String FOLLOW_TIMEOUT = "manta.followTimeout";
  static final String PURGE = "manta.purge";

  // manta:deploy (also manta.globals and manta.seed, as manta:run)
  static final String DATASETS_ROOT = "manta.datasetsRoot";
  static final String CONDUCTOR_PORT = "manta.conductorPort";
  static final String RESERVE_RESOURCES = "manta.reserveResources";
  static final String LEASE = "manta.lease";
  static final String DEPLOY_TIMEOUT = "manta.deployTimeout";

  // manta:base-image
  static final String JDK_HOME = "manta.jdkHome";
  static final String JLINK_MODULES = "manta.jlinkModules";
  static final String BUSYBOX = "manta.busybox";
  static final String BASE_IMAGE_REPOSITORY = "manta.baseImageRepository";
}
