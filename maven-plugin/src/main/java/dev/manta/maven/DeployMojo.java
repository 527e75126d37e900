package dev.manta.maven;

import dev.manta.client.DeployedSwarm;
import dev.manta.client.Deployment;
import dev.manta.client.MantaClient;
import dev.manta.client.MantaClientException;
import dev.manta.client.SwarmStatus;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestException;
import dev.manta.runtime.SwarmCatalog;
import java.io.IOException;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Deploys a swarm onto the Docker Swarm-mode cluster {@code DOCKER_HOST} names: builds and pushes
 * the module images (as {@code manta:build}; unchanged layers are not pushed again), creates the
 * conductor and one global agent service per module, and waits until every agent registered.
 * With {@code -Dmanta.follow=true} it then prints the run's log lines until it ends, writes its
 * files into {@code target/manta/<swarm>/} as {@code manta:run} does, and fails the build if the
 * swarm failed.
 */
@Mojo(name = "deploy", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class DeployMojo extends AbstractBuildMojo {
  /** The swarm to deploy; may be left out when the project has exactly one. */
  @Parameter(property = MantaProperties.SWARM)
  private String swarm;

  /** Launch-time globals, {@code name=value} pairs separated by commas; values are JSON or plain text. */
  @Parameter(property = MantaProperties.GLOBALS)
  private String globals;

  /** Seed for node choice, so runs repeat. */
  @Parameter(property = MantaProperties.SEED, defaultValue = "1")
  private long seed;

  /**
   * The host folder of the datasets on the nodes: each node mounts {@code <datasetsRoot>/<its
   * hostname>} read-only, one folder per dataset in it. Required when a module reads datasets.
   */
  @Parameter(property = MantaProperties.DATASETS_ROOT)
  private String datasetsRoot;

  /** The manager's port the conductor is published on (host mode); 0: the first free one from 7070. */
  @Parameter(property = MantaProperties.CONDUCTOR_PORT, defaultValue = "0")
  private int conductorPort;

  /** Reserve each module's resources on its nodes (they are always its limits). */
  @Parameter(property = MantaProperties.RESERVE_RESOURCES, defaultValue = "false")
  private boolean reserveResources;

  /** The agents' lease ({@code 10s}, {@code PT10S}): a node that does not renew it in time is lost. */
  @Parameter(property = MantaProperties.LEASE, defaultValue = "10s")
  private String lease;

  /** How long to wait for the containers to run and the agents to register. */
  @Parameter(property = MantaProperties.DEPLOY_TIMEOUT, defaultValue = "3m")
  private String deployTimeout;

  /** Follow the run to its end, write its files and fail the build if it fails. */
  @Parameter(property = MantaProperties.FOLLOW, defaultValue = "false")
  private boolean follow;

  /** How long {@code follow} waits for the run to end. */
  @Parameter(property = MantaProperties.FOLLOW_TIMEOUT, defaultValue = "1h")
  private String followTimeout;

  /** The Docker engine (a manager); default: {@code DOCKER_HOST}, else the local socket. */
  @Parameter(property = MantaProperties.DOCKER_HOST)
  private String dockerHost;

  /** Where this machine reaches the conductor's published port; default: the manager's address. */
  @Parameter(property = MantaProperties.CONDUCTOR_HOST)
  private String conductorHost;

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException {
    if (!pushing()) {
      throw new MojoFailureException("manta:deploy cannot use -D" + MantaProperties.TARGET + "=docker: the nodes of "
          + "a cluster pull images from a registry, not from this machine's Docker engine; push them with -D"
          + MantaProperties.REGISTRY + "=HOST:PORT (a registry every node reaches)");
    }
    Duration start = ClusterGoals.duration(deployTimeout, MantaProperties.DEPLOY_TIMEOUT);
    Duration leaseDuration = ClusterGoals.duration(lease, MantaProperties.LEASE);
    Duration followFor = ClusterGoals.duration(followTimeout, MantaProperties.FOLLOW_TIMEOUT);
    Manifest manifest;
    Map<String, Object> launchGlobals;
    try (URLClassLoader loader = projectClassLoader()) {
      SwarmCatalog catalog = catalog(loader);
      String name = chooseSwarm(catalog);
      launchGlobals = GlobalArguments.parse(globals);
      manifest = Manifest.of(catalog.source(name, launchGlobals).graph());
    } catch (IllegalArgumentException | ManifestException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot close the project class loader", e);
    }
    long t0 = System.nanoTime();
    buildImages(true);
    try (MantaClient client = ClusterGoals.client(dockerHost, conductorHost, getLog())) {
      Deployment.Builder d = Deployment.builder(manifest)
          .imagesFile(imagesFile())
          .globals(launchGlobals)
          .seed(seed)
          .reserveResources(reserveResources)
          .lease(leaseDuration)
          .startTimeout(start);
      if (conductorPort != 0) {
        d.conductorPort(conductorPort);
      }
      if (datasetsRoot != null && !datasetsRoot.isBlank()) {
        d.datasetsRoot(datasetsRoot.strip());
      }
      Deployment deployment = d.build();
      getLog().info("deploying swarm '" + deployment.swarm() + "' (" + manifest.modules().size() + " module(s))");
      DeployedSwarm deployed = client.deploy(deployment);
      SwarmStatus status = deployed.awaitAgents(start, s -> getLog().info(progress(s)));
      getLog().info(String.format(Locale.ROOT, "swarm '%s' deployed in %.1f s; conductor at %s, token in %s",
          deployed.name(), (System.nanoTime() - t0) / 1e9, deployed.conductorUri(), client.tokenFile(deployed.name())));
      getLog().info(status.describe());
      if (follow) {
        ClusterGoals.follow(deployed, followFor, outputDirectory.toPath().resolve(deployed.name()), getLog());
      } else {
        getLog().info("next: mvn manta:status | manta:logs -D" + MantaProperties.FOLLOW + " | manta:results | "
            + "manta:undeploy");
      }
    } catch (MantaClientException e) {
      throw ClusterGoals.failure(e);
    }
  }

  private static String progress(SwarmStatus s) {
    return "  conductor " + s.run().toLowerCase(Locale.ROOT) + ", " + s.agents().size() + " agent(s) registered, "
        + s.containers().stream()
            .filter(c -> c.state().equals("running")).count() + "/" + s.containers().size() + " container(s) running";
  }

  private String chooseSwarm(SwarmCatalog catalog) throws MojoFailureException {
    SortedSet<String> names = catalog.names();
    if (swarm != null && !swarm.isBlank()) {
      if (!names.contains(swarm.strip())) {
        throw new MojoFailureException("no swarm '" + swarm + "' in " + project.getId() + "; its swarms: " + names);
      }
      return swarm.strip();
    }
    if (names.size() == 1) {
      return names.first();
    }
    if (names.isEmpty()) {
      throw new MojoFailureException("no swarm found in " + project.getId() + ": annotate an interface with @Swarm "
          + "(with dev.manta:manta-processor on the annotation processor path) or extend SwarmDefinition");
    }
    throw new MojoFailureException("this project has several swarms (" + String.join(", ", names)
        + "); choose one with -D" + MantaProperties.SWARM + "=NAME");
  }
}
