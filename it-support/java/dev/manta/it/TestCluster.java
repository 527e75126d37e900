package dev.manta.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The test cluster {@code scripts/cluster up N} brings up: the Docker engine on
 * {@code /var/run/docker.sock} (a swarm manager), a registry on {@value #REGISTRY} and a registry
 * on {@value #PASSWORD_REGISTRY} that refuses every push without the password of user {@value #USER}. Tests that need it call {@link #require()}
 * first: without an engine they are skipped with a message saying how to get one, except under
 * {@code CI=true}, where they fail.
 */
public final class TestCluster {
  /** The cluster's registry (plain HTTP). */
  public static final String REGISTRY = "10.77.0.1:5000";
  /** A registry that answers 401 to every push without the test user's password. */
  public static final String PASSWORD_REGISTRY = "10.77.0.1:5001";
  /** The one user of {@link #PASSWORD_REGISTRY}. */
  public static final String USER = "manta";
  /** Its password. */
  public static final String PASSWORD = "secret";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static String problem;
  private static boolean checked;
  private static boolean skipReported;

  private TestCluster() {}

  /** Whether the engine and the registry answer (checked once per JVM). */
  public static synchronized boolean available() {
    check();
    return problem == null;
  }

  /**
   * Skips the calling test (fails it under {@code CI=true}) unless the engine and the registry
   * answer. Call it in {@code @BeforeEach}, so every skipped test is counted as skipped.
   */
  public static synchronized void require() {
    check();
    if (problem == null) {
      return;
    }
    String message = problem + ". Run 'sudo scripts/cluster up 3' (from the repository root) to get a Docker engine, "
        + "a 3-node swarm and the registry " + REGISTRY;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true requires the Docker tests to run: " + message);
    }
    if (!skipReported) {
      skipReported = true;
      System.out.println("[test cluster] Docker tests skipped: " + message);
    }
    Assumptions.abort("skipped, needs Docker: " + message);
  }

  private static void check() {
    if (!checked) {
      checked = true;
      problem = findProblem();
      if (problem == null) {
        System.out.println("[test cluster] nodes this suite runs on:\n" + nodeList());
      }
    }
  }

  private static String findProblem() {
    Result version = docker("version", "--format", "{{.Server.Version}}");
    if (version.exitCode() != 0) {
      return "no Docker engine answers (" + version.lastLine() + ")";
    }
    try {
      int status = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        return "registry " + REGISTRY + " answers " + status;
      }
    } catch (IOException e) {
      return "no registry at " + REGISTRY + " (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    return null;
  }

  /** One line per swarm node: host name, state, role, address and labels. */
  public static String nodeList() {
    Result ids = docker("node", "ls", "-q");
    if (ids.exitCode() != 0) {
      return "  (not a swarm: " + ids.lastLine() + ")";
    }
    List<String> command = new ArrayList<>(List.of("node", "inspect", "--format",
        "  {{.Description.Hostname}} {{.Status.State}} {{.Spec.Role}} {{.Status.Addr}} "
            + "{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}"));
    command.addAll(ids.output().lines().filter(l -> !l.isBlank()).toList());
    Result nodes = docker(command.toArray(String[]::new));
    return nodes.output().lines().sorted().reduce((a, b) -> a + "\n" + b).orElse("  (no nodes)");
  }

  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {
    public String lastLine() {
      return output.strip().lines().reduce((a, b) -> b).orElse("exit " + exitCode);
    }
  }

  /** Runs the {@code docker} client with a bound of two minutes. */
  public static Result docker(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(arguments));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "cannot run docker: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /**
   * Every Docker object of {@code swarm} as {@code "kind id"}: the services, networks, secrets, configs
   * and volumes labelled {@code manta.swarm=swarm}, and its journal volume by name (Docker may create it
   * unlabelled for a container still starting). Fails when the docker client does.
   */
  public static List<String> objectsOf(String swarm) {
    List<String> out = new ArrayList<>();
    for (String kind : List.of("service", "network", "secret", "config", "volume")) {
      add(out, kind, docker(kind, "ls", "-q", "--filter", "label=manta.swarm=" + swarm));
    }
    add(out, "volume", docker("volume", "ls", "-q", "--filter", "name=manta-" + swarm + "-journal"));
    return out;
  }

  private static void add(List<String> out, String kind, Result listing) {
    if (listing.exitCode() != 0) {
      throw new AssertionError("docker " + kind + " ls failed: " + listing.output());
    }
    listing.output().lines().filter(l -> !l.isBlank()).map(l -> kind + " " + l.strip())
        .filter(l -> !out.contains(l)).forEach(out::add);
  }

  /**
   * Writes what Docker knows of {@code swarm}'s services into {@code dir}: {@code services.txt} (every
   * task of every service, with its node, state and error) and one {@code <service>.log} per service
   * (its containers' output with Docker's timestamps), for reading a failed cluster test afterwards.
   */
  public static void keepServiceLogs(String swarm, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> services = docker("service", "ls", "-q", "--filter", "label=manta.swarm=" + swarm, "--format",
        "{{.Name}}").output().lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    StringBuilder tasks = new StringBuilder();
    for (String service : services) {
      tasks.append(docker("service", "ps", "--no-trunc", "--format",
          "{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}} {{.Error}}", service).output());
      Files.writeString(dir.resolve(service + ".log"), docker("service", "logs", "-t", service).output());
    }
    tasks.append(docker("node", "ls").output());
    Files.writeString(dir.resolve("services.txt"), tasks);
  }

  /** The layer digests, in order, of the manifest {@code reference} ({@code host:port/repo:tag}) names in its registry. */
  public static List<String> layerDigests(String reference) throws IOException, InterruptedException {
    int slash = reference.indexOf('/');
    String registry = reference.substring(0, slash);
    String rest = reference.substring(slash + 1);
    int at = rest.indexOf('@');
    int colon = rest.lastIndexOf(':');
    String repository = at >= 0 ? rest.substring(0, at) : rest.substring(0, colon);
    String tag = at >= 0 ? rest.substring(at + 1) : rest.substring(colon + 1);
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET manifest of " + reference + ": " + response.statusCode() + " " + response.body());
    }
    String body = response.body();
    int layers = body.indexOf("\"layers\"");
    List<String> digests = new ArrayList<>();
    Matcher m = Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"").matcher(body.substring(layers));
    while (m.find()) {
      digests.add(m.group(1));
    }
    return digests;
  }
}
