package dev.manta.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed entry point of every module image: what it hands the runtime, and what it says about bad input. */
class LaunchersTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  public static final class Good implements TaskBody {
    @Override public void run(TaskContext ctx) {}
  }

  public static final class NeedsArgument implements TaskBody {
    public NeedsArgument(String unused) {}

    @Override public void run(TaskContext ctx) {}
  }

  public static final class Failing implements TaskBody {
    public Failing() {
      throw new IllegalArgumentException("no model file");
    }

    @Override public void run(TaskContext ctx) {}
  }

  /** The runtime stand-in: records what it was handed, returns {@link #exitCode} or throws {@link #toThrow}. */
  public static final class RecordingAgent implements AgentEntryPoint {
    static String moduleClass;
    static List<String> args;
    static Supplier<? extends TaskBody> factory;
    static int exitCode;
    static Error toThrow;

    @Override
    public int run(String moduleClass, String[] args, Supplier<? extends TaskBody> factory) {
      RecordingAgent.moduleClass = moduleClass;
      RecordingAgent.args = List.of(args);
      RecordingAgent.factory = factory;
      if (toThrow != null) {
        throw toThrow;
      }
      return exitCode;
    }
  }

  @BeforeEach
  void reset() {
    RecordingAgent.moduleClass = null;
    RecordingAgent.args = null;
    RecordingAgent.factory = null;
    RecordingAgent.exitCode = 0;
    RecordingAgent.toThrow = null;
  }

  /** This test's class loader, plus a service file registering {@link RecordingAgent}. */
  private ClassLoader withRuntime() throws IOException {
    Path services = Files.writeString(dir.resolve("services"), RecordingAgent.class.getName() + "\n");
    URL url = services.toUri().toURL();
    return new ClassLoader(getClass().getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return name.equals("META-INF/services/" + AgentEntryPoint.class.getName())
            ? Collections.enumeration(List.of(url)) : super.getResources(name);
      }
    };
  }

  private int run(ClassLoader loader, String... args) {
    return Launchers.run(args, loader, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void handsTheRestOfTheArgumentsAndAFactoryOfNewTaskObjectsToTheRuntime() throws Exception {
    RecordingAgent.exitCode = 7;
    assertEquals(7, run(withRuntime(), Good.class.getName(), "--node", "n1"));
    assertEquals(Good.class.getName(), RecordingAgent.moduleClass);
    assertEquals(List.of("--node", "n1"), RecordingAgent.args);
    TaskBody first = RecordingAgent.factory.get();
    assertTrue(first instanceof Good, String.valueOf(first));
    assertNotSame(first, RecordingAgent.factory.get());
    assertEquals("", err());
  }

  @Test
  void withoutArgumentsPrintsTheUsage() throws Exception {
    assertEquals(Launchers.USAGE, run(withRuntime()));
    assertTrue(err().startsWith("[Manta] usage: java -cp <classes and dependencies> dev.manta.spi.Launchers "
        + "<task class binary name>"), err());
  }

  @Test
  void aClassNotOnTheClassPathIsNamed() throws Exception {
    assertEquals(Launchers.CLASS_NOT_FOUND, run(withRuntime(), "com.acme.Gone", "--node", "n1"));
    assertTrue(err().contains("task class com.acme.Gone is not on the class path: the module's classes"), err());
    assertTrue(err().contains("must be on the class path"), err());
  }

  @Test
  void aClassThatIsNoTaskBodyIsRefused() throws Exception {
    assertEquals(Launchers.NOT_A_TASK_BODY, run(withRuntime(), "java.lang.String"));
    assertTrue(err().contains("task class java.lang.String does not implement dev.manta.TaskBody"), err());
  }

  @Test
  void aTaskClassWithoutANoArgConstructorIsRefused() throws Exception {
    assertEquals(Launchers.NO_CONSTRUCTOR, run(withRuntime(), NeedsArgument.class.getName()));
    assertTrue(err().contains("has no no-arg constructor, which the launcher calls for every task instance; "
        + "add 'public NeedsArgument() {}'"), err());
  }

  @Test
  void withoutARuntimeSaysWhichDependencyIsMissing() {
    assertEquals(Launchers.NO_RUNTIME, run(getClass().getClassLoader(), Good.class.getName()));
    assertTrue(err().contains("no runtime on the class path: add the dependency dev.manta:manta-runtime to run "
        + Good.class.getName()), err());
  }

  @Test
  void anyThrowableOfTheAgentIsReported() throws Exception {
    RecordingAgent.toThrow = new StackOverflowError("deep");
    assertEquals(Launchers.FAILED, run(withRuntime(), Good.class.getName()));
    assertTrue(err().contains("running task class " + Good.class.getName() + " failed:"), err());
    assertTrue(err().contains("java.lang.StackOverflowError: deep"), err());
  }

  @Test
  void aConstructorThatThrowsFailsTheInstanceWithTheClassNamed() throws Exception {
    Supplier<TaskBody> factory = TaskConstructors.factory(Failing.class.getName(), getClass().getClassLoader());
    IllegalStateException e = assertThrows(IllegalStateException.class, factory::get);
    assertTrue(e.getMessage().startsWith("constructor of " + Failing.class.getName() + " failed: "
        + "java.lang.IllegalArgumentException: no model file"), e.getMessage());
  }
}
