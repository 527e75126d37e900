package dev.manta.maven;

import dev.manta.runtime.SwarmCatalog;
import java.net.URLClassLoader;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every Manta goal shares: the project, its class path and the swarms on it. */
abstract class AbstractMantaMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Skips the goal. */
  @Parameter(property = "manta.skip", defaultValue = "false")
  protected boolean skip;

  /** The project's runtime class path (compiled classes first), as a class loader. */
  protected URLClassLoader projectClassLoader() throws MojoExecutionException {
    try {
      List<String> elements = project.getRuntimeClasspathElements();
      return ProjectClassLoader.of(elements, getClass().getClassLoader());
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("cannot resolve the class path of " + project.getId(), e);
    }
  }

  /** The swarms and modules the project's class path declares. */
  protected SwarmCatalog catalog(ClassLoader loader) throws MojoExecutionException {
    try {
      return SwarmCatalog.load(loader);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }
}
