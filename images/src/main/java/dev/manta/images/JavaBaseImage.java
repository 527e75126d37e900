package dev.manta.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A Java runtime image made offline from an installed JDK: a {@code jlink} runtime in
 * {@code /opt/java}, the shared libraries {@code ldd} lists for it, and a static busybox as
 * {@code /bin/sh}. Built from scratch with fixed timestamps and sorted entries, so the same JDK,
 * libraries and busybox give the same digest on every machine and run (a {@code docker import} of
 * the same files gets a new digest every time).
 */
public final class JavaBaseImage {
  /** The modules the default runtime holds: enough for Manta's runtime, Jackson and an HTTP server. */
  public static final List<String> DEFAULT_MODULES = List.of("java.base", "java.logging", "java.management",
      "java.naming", "java.net.http", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.httpserver", "jdk.unsupported",
      "jdk.zipfs");

  /** Where Debian's busybox-static puts the static busybox. */
  public static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");

  /** Where the runtime goes in the image ({@code JAVA_HOME}). */
  public static final String JAVA_HOME = "/opt/java";

  private final Path jdkHome;
  private final List<String> modules;
  private final Path busybox;

  private JavaBaseImage(Path jdkHome, List<String> modules, Path busybox) {
    this.jdkHome = Objects.requireNonNull(jdkHome, "jdkHome");
    this.modules = List.copyOf(modules);
    this.busybox = Objects.requireNonNull(busybox, "busybox");
    if (this.modules.isEmpty()) {
      throw new IllegalArgumentException("a Java runtime needs at least one module (java.base)");
    }
  }

  /** The default modules from the JDK at {@code jdkHome}, busybox from {@link #DEFAULT_BUSYBOX}. */
  public static JavaBaseImage of(Path jdkHome) {
    return new JavaBaseImage(jdkHome, DEFAULT_MODULES, DEFAULT_BUSYBOX);
  }

  /** The JDK this JVM runs on. */
  public static JavaBaseImage ofRunningJdk() {
    return of(Path.of(System.getProperty("java.home")));
  }

  public JavaBaseImage withModules(List<String> newModules) {
    return new JavaBaseImage(jdkHome, newModules, busybox);
  }

  public JavaBaseImage withBusybox(Path newBusybox) {
    return new JavaBaseImage(jdkHome, modules, newBusybox);
  }

  public Path jdkHome() {
    return jdkHome;
  }

  public List<String> modules() {
    return modules;
  }

  public Path busybox() {
    return busybox;
  }
}
