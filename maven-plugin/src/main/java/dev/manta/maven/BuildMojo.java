package dev.manta.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Builds one container image per task module of the project with jib-core and pushes it to a
 * registry (or loads it into the local Docker engine). Layers: the base image, release
 * dependencies, snapshot dependencies, resources, classes; the entry point is
 * {@code dev.manta.spi.Launchers <task class>}. Every digest goes to {@code target/manta/images.json}, written only once
 * every image is stored.
 */
@Mojo(name = "build", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class BuildMojo extends AbstractBuildMojo {
  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException {
    buildImages(pushing());
  }
}
