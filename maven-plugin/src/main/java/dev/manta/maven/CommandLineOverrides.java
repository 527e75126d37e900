package dev.manta.maven;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Lets a {@code -Dmanta.*} property given on the command line win over the same parameter
 * configured in the POM, as Jib's {@code -Djib.*} properties do. Maven on its own does the
 * opposite: a parameter set in the POM ignores its property, so {@code -Dmanta.swarm=other} on a
 * project whose POM sets {@code <swarm>} would silently run the POM's swarm.
 *
 * <p>Every parameter whose expression is a plain {@code ${manta.…}} and whose property the command
 * line gives is set from the property's text, converted as Maven would (relative files against the
 * project's folder) but strictly: {@code -Dmanta.logs=maybe} is an error, where Maven would read it
 * as {@code false}. Every such error is reported at once. An empty value clears a text or file
 * parameter ({@code -Dmanta.nodesDirectory=} undoes the POM's folder).
 */
final class CommandLineOverrides {
  /** The parameter types the plugin's {@code manta.*} parameters have, and this class converts. */
  static final Set<String> TYPES = Set.of("java.lang.String", "boolean", "int", "long", "java.io.File");

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{(manta\\.[A-Za-z]+)}");

  private CommandLineOverrides() {}

  /** One override: the property, its text, and what the POM had. */
  record Override(String property, String value, String parameter, String pomValue) {
    /** The line the goal logs. */
    String describe() {
      return "-D" + property + "=" + value + " overrides <" + parameter + ">" + pomValue + "</" + parameter
          + "> of the POM";
    }
  }

  /**
   * Sets every field of {@code mojo} whose property the command line gives; returns where that
   * overrode another value the POM configures.
   *
   * @param configuration the execution's merged configuration ({@code MojoExecution.getConfiguration()})
   * @param commandLine the session's user properties ({@code -D…})
   */
  static List<Override> apply(Object mojo, MojoDescriptor descriptor, Xpp3Dom configuration, Properties commandLine,
      File basedir) throws MojoExecutionException {
    List<Override> applied = new ArrayList<>();
    if (descriptor == null || descriptor.getParameters() == null || configuration == null) {
      return applied;
    }
    List<String> problems = new ArrayList<>();
    for (Parameter p : descriptor.getParameters()) {
      String expression = p.getExpression();
      Matcher m = PROPERTY.matcher(expression == null ? "" : expression);
      Xpp3Dom pom = configuration.getChild(p.getName());
      if (!m.matches() || pom == null || pom.getChildCount() > 0) {
        continue; // not a manta property, or configured with nested elements
      }
      String property = m.group(1);
      String value = commandLine.getProperty(property);
      if (value == null) {
        continue;
      }
      try {
        set(mojo, p.getName(), convert(property, value, p.getType(), basedir));
        if (!expression.equals(pom.getValue()) && !value.equals(pom.getValue())) {
          applied.add(new Override(property, value, p.getName(), pom.getValue()));
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new MojoExecutionException(String.join("\n", problems));
    }
    return applied;
  }

  /** {@code value} as a parameter of {@code type}; an {@link IllegalArgumentException} that names the property when it cannot be. */
  static Object convert(String property, String value, String type, File basedir) {
    String text = value.trim();
    if (text.isEmpty() && (type.equals("java.lang.String") || type.equals("java.io.File"))) {
      return null;
    }
    switch (type) {
      case "java.lang.String":
        return value;
      case "boolean":
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(property + " is '" + value + "'; use true or false");
      case "int":
      case "long":
        try {
          return type.equals("int") ? (Object) Integer.parseInt(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(property + " is '" + value + "'; use a whole number");
        }
      case "java.io.File":
        File file = new File(text);
        return file.isAbsolute() || basedir == null ? file : new File(basedir, text);
      default:
        throw new IllegalArgumentException(property + " cannot be given on the command line (a " + type
            + " parameter): set it in the POM");
    }
  }

  private static void set(Object mojo, String name, Object value) {
    for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        f.set(mojo, value);
        return;
      } catch (NoSuchFieldException e) {
        // declared further up
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot set parameter " + name + " of " + mojo.getClass().getName(), e);
      }
    }
    throw new IllegalStateException(mojo.getClass().getName() + " has no field for parameter " + name);
  }
}
