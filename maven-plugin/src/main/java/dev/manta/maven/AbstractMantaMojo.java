package dev.manta.maven;

import dev.manta.runtime.SwarmCatalog;
import java.net.URLClassLoader;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every Manta goal shares: the project, its class path and the swarms on it. */
abstract class AbstractMantaMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Skips the goal. */
  @Parameter(property = MantaProperties.SKIP, defaultValue = "false")
  protected boolean skip;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /**
   * Lets {@code -Dmanta.*} properties win over the POM's configuration ({@link CommandLineOverrides}),
   * honours {@code manta.skip}, then runs the goal.
   */
  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    for (CommandLineOverrides.Override o : CommandLineOverrides.apply(this, mojoExecution.getMojoDescriptor(),
        mojoExecution.getConfiguration(), session.getUserProperties(), project.getBasedir())) {
      getLog().info(o.describe());
    }
    if (skip) {
      getLog().info("manta:" + mojoExecution.getGoal() + " skipped (" + MantaProperties.SKIP + ")");
      return;
    }
    executeGoal();
  }

  /** What the goal does. */
  protected abstract void executeGoal() throws MojoExecutionException, MojoFailureException;

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
