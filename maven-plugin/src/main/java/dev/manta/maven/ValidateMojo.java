package dev.manta.maven;

import dev.manta.graph.SwarmGraph;
import dev.manta.runtime.SwarmCatalog;
import dev.manta.validation.GraphValidator;
import dev.manta.validation.Problem;
import dev.manta.manifest.ManifestException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Validates every swarm of the project — annotated ones (listed by the annotation processor) and
 * {@code SwarmDefinition} classes — and fails the build with every error, located.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class ValidateMojo extends AbstractMantaMojo {
  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException {
    try (URLClassLoader loader = projectClassLoader()) {
      SwarmCatalog catalog = catalog(loader);
      if (catalog.names().isEmpty()) {
        requireCompiled();
        getLog().warn("no swarm found in " + project.getId() + ": annotate an interface with @Swarm and put "
            + "dev.manta:manta-processor on the compiler's annotation processor path, or extend SwarmDefinition");
        return;
      }
      List<String> errors = new ArrayList<>();
      for (String name : catalog.names()) {
        SwarmGraph graph;
        try {
          graph = catalog.graph(name);
        } catch (ManifestException e) {
          errors.add("swarm '" + name + "': its manifest cannot be read: " + e.getMessage());
          getLog().error(errors.get(errors.size() - 1));
          continue;
        } catch (RuntimeException e) {
          errors.add("swarm '" + name + "': cannot build its graph: " + e.getMessage());
          getLog().error(errors.get(errors.size() - 1));
          continue;
        }
        int before = errors.size();
        for (Problem p : GraphValidator.validate(graph)) {
          String line = where(graph) + p.format() + " (" + p.location() + ")";
          if (p.isError()) {
            errors.add(line);
            getLog().error(line);
          } else {
            getLog().warn(line);
          }
        }
        if (errors.size() == before) {
          getLog().info("swarm '" + name + "' is valid: " + graph.tasks().size() + " tasks");
        }
      }
      if (!errors.isEmpty()) {
        throw new MojoFailureException(errors.size() + " swarm error(s) in " + project.getId() + ":\n  "
            + String.join("\n  ", errors));
      }
    } catch (java.io.IOException e) {
      throw new MojoExecutionException("cannot close the project class loader", e);
    }
  }

  /**
   * Invoked by name ({@code mvn manta:validate}) the goal does not compile the project; a project
   * with sources but no compiled classes would pass without checking anything. Fail instead.
   */
  private void requireCompiled() throws MojoFailureException {
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    boolean sources = project.getCompileSourceRoots().stream().map(Path::of).anyMatch(ValidateMojo::hasJava);
    if (sources && !hasFiles(classes)) {
      throw new MojoFailureException("the project " + project.getId() + " is not compiled (" + classes + " is "
          + (Files.isDirectory(classes) ? "empty" : "missing") + "), so there is nothing to validate: run 'mvn compile"
          + " manta:validate', or bind the goal to a phase after compile");
    }
  }

  private static boolean hasJava(Path root) {
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.anyMatch(p -> p.toString().endsWith(".java"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (IOException e) {
      return false;
    }
  }

  private static String where(SwarmGraph graph) {
    return graph.sourceClass().isEmpty() ? "swarm '" + graph.name() + "': " : graph.sourceClass() + ": ";
  }
}
