package dev.manta.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dmanta.*} properties against the plugin's real descriptor (the plugin.xml the build
 * generated) and a real {@link RunMojo}: the command line wins over the POM, strictly converted.
 */
class CommandLineOverridesTest {
  private static PluginDescriptor plugin;

  @BeforeAll
  static void readDescriptor() throws Exception {
    try (Reader r = Files.newBufferedReader(Path.of("target/classes/META-INF/maven/plugin.xml"))) {
      plugin = new PluginDescriptorBuilder().build(r);
    }
  }

  /** The execution's configuration as Maven merges it: the POM's values, else each parameter's expression. */
  private static Xpp3Dom configuration(MojoDescriptor goal, String... pomValues) {
    Xpp3Dom dom = new Xpp3Dom("configuration");
    for (Parameter p : goal.getParameters()) {
      if (p.getExpression() != null) {
        Xpp3Dom child = new Xpp3Dom(p.getName());
        child.setValue(p.getExpression());
        dom.addChild(child);
      }
    }
    for (int i = 0; i < pomValues.length; i += 2) {
      dom.getChild(pomValues[i]).setValue(pomValues[i + 1]);
    }
    return dom;
  }

  private static Properties commandLine(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  private static Field accessible(Object mojo, String name) throws Exception {
    Field f = mojo.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  private static Object field(Object mojo, String name) throws Exception {
    return accessible(mojo, name).get(mojo);
  }

  /** A POM value as Maven would have set it before the overrides run. */
  private static void configure(Object mojo, String name, Object value) throws Exception {
    accessible(mojo, name).set(mojo, value);
  }

  @Test
  void aPropertyOnTheCommandLineWinsOverThePomAndTheOverrideIsSaid() throws Exception {
    MojoDescriptor run = plugin.getMojo("run");
    RunMojo mojo = new RunMojo();
    List<CommandLineOverrides.Override> done = CommandLineOverrides.apply(mojo, run,
        configuration(run, "swarm", "fl_experiment", "nodes", "8", "nodesDirectory", "/data/fl-nodes"),
        commandLine("manta.swarm", "other", "manta.nodes", "3", "manta.nodesDirectory", "nodes",
            "manta.logs", "false", "unrelated", "x"),
        new File("/work/project"));
    assertEquals("other", field(mojo, "swarm"));
    assertEquals(3, field(mojo, "nodes"));
    assertEquals(new File("/work/project", "nodes"), field(mojo, "nodesDirectory"));
    assertEquals(false, field(mojo, "printLogs"));
    // manta.logs was not configured in the POM: set, but nothing was overridden.
    assertEquals(Set.of("-Dmanta.swarm=other overrides <swarm>fl_experiment</swarm> of the POM",
        "-Dmanta.nodes=3 overrides <nodes>8</nodes> of the POM",
        "-Dmanta.nodesDirectory=nodes overrides <nodesDirectory>/data/fl-nodes</nodesDirectory> of the POM"),
        done.stream().map(CommandLineOverrides.Override::describe).collect(Collectors.toSet()));
  }

  @Test
  void anEmptyValueClearsAFolderOrTextSetInThePom() throws Exception {
    MojoDescriptor run = plugin.getMojo("run");
    RunMojo mojo = new RunMojo();
    configure(mojo, "nodesDirectory", new File("/data/fl-nodes"));
    CommandLineOverrides.apply(mojo, run, configuration(run, "nodesDirectory", "/data/fl-nodes"),
        commandLine("manta.nodesDirectory", "", "manta.nodesFile", "nodes.yaml"), new File("/work/project"));
    assertEquals(null, field(mojo, "nodesDirectory"));
    assertEquals(new File("/work/project/nodes.yaml"), field(mojo, "nodesFile"));
  }

  @Test
  void withoutThePropertyThePomValueStays() throws Exception {
    MojoDescriptor run = plugin.getMojo("run");
    RunMojo mojo = new RunMojo();
    configure(mojo, "swarm", "fl_experiment");
    assertEquals(List.of(), CommandLineOverrides.apply(mojo, run, configuration(run, "swarm", "fl_experiment"),
        commandLine("manta.nodes", "4"), new File(".")));
    assertEquals("fl_experiment", field(mojo, "swarm"));
  }

  @Test
  void textThatDoesNotConvertIsAnErrorNamingEachProperty() {
    MojoDescriptor run = plugin.getMojo("run");
    MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> CommandLineOverrides.apply(
        new RunMojo(), run, configuration(run, "seed", "7"),
        commandLine("manta.logs", "maybe", "manta.resume", "yes", "manta.seed", "x"), new File(".")));
    List<String> lines = List.of(e.getMessage().split("\n"));
    assertEquals(3, lines.size(), e.getMessage());
    assertTrue(lines.contains("manta.logs is 'maybe'; use true or false"), e.getMessage());
    assertTrue(lines.contains("manta.resume is 'yes'; use true or false"), e.getMessage());
    assertTrue(lines.contains("manta.seed is 'x'; use a whole number"), e.getMessage());
  }

  @Test
  void everyMantaParameterOfEveryGoalHasATypeTheOverridesConvert() {
    List<String> unsupported = new ArrayList<>();
    int checked = 0;
    for (MojoDescriptor goal : plugin.getMojos()) {
      for (Parameter p : goal.getParameters()) {
        if (p.getExpression() != null && p.getExpression().startsWith("${manta.")) {
          checked++;
          if (!CommandLineOverrides.TYPES.contains(p.getType())) {
            unsupported.add(goal.getGoal() + "." + p.getName() + ": " + p.getType());
          }
        }
      }
    }
    assertTrue(checked > 30, "read " + checked + " manta.* parameters");
    assertEquals(List.of(), unsupported);
  }
}
