package dev.manta.maven;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * A class loader over a project's compiled classes and dependencies. Its parent is the plugin's
 * loader, so {@code dev.manta} types are shared between the plugin's runtime and the project.
 */
final class ProjectClassLoader {
  private ProjectClassLoader() {}

  static URLClassLoader of(List<String> classpathElements, ClassLoader parent) throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    for (String element : classpathElements) {
      try {
        urls.add(new File(element).toURI().toURL());
      } catch (MalformedURLException e) {
        throw new MojoExecutionException("bad class path element " + element, e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), parent);
  }
}
