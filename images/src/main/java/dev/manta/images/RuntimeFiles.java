package dev.manta.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Makes the files of a {@link JavaBaseImage}: runs {@code jlink}, then {@code ldd} on what it made. */
final class RuntimeFiles {
  private static final Pattern LDD_LINE = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");
  private static final long JLINK_SECONDS = 300;
  private static final long LDD_SECONDS = 30;

  private RuntimeFiles() {}

  /** Runs jlink into {@code output} (which must not exist). */
  static void jlink(JavaBaseImage base, Path output) throws ImageException {
    Path jlink = base.jdkHome().resolve("bin/jlink");
    if (!Files.isExecutable(jlink)) {
      throw new ImageException(ImageException.Reason.BAD_INPUT, "no jlink in " + base.jdkHome()
          + ": point the JDK home at a full JDK (not a JRE), e.g. /usr/lib/jvm/temurin-17-jdk-amd64");
    }
    run(List.of(jlink.toString(), "--add-modules", String.join(",", base.modules()), "--strip-debug",
        "--no-header-files", "--no-man-pages", "--output", output.toString()), JLINK_SECONDS, "jlink");
  }

  /**
   * The shared libraries the runtime in {@code javaHome} loads, as {@code ldd} resolves them on this
   * machine, plus the dynamic loader: absolute path in the image → the real file here.
   */
  static SortedMap<String, Path> sharedLibraries(Path javaHome) throws ImageException {
    SortedSet<String> libraries = new TreeSet<>();
    List<Path> binaries = new ArrayList<>();
    binaries.add(javaHome.resolve("bin/java"));
    try (Stream<Path> files = Files.walk(javaHome.resolve("lib"))) {
      files.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(binaries::add);
    } catch (IOException e) {
      throw new ImageException(ImageException.Reason.FAILED, "cannot list " + javaHome + "/lib: " + e.getMessage(), e);
    }
    for (Path binary : binaries) {
      String out = run(List.of("ldd", binary.toString()), LDD_SECONDS, "ldd");
      for (String line : out.split("\n")) {
        Matcher m = LDD_LINE.matcher(line);
        if (m.matches()) {
          libraries.add(m.group(1));
        }
      }
    }
    SortedMap<String, Path> out = new TreeMap<>();
    for (String library : libraries) {
      if (library.startsWith(javaHome.toString() + "/")) {
        continue; // the runtime's own libraries are in the runtime already
      }
      try {
        out.put(library, Path.of(library).toRealPath());
      } catch (IOException e) {
        throw new ImageException(ImageException.Reason.FAILED, "ldd names " + library + ", which cannot be read: "
            + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String run(List<String> command, long seconds, String what) throws ImageException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ImageException(ImageException.Reason.FAILED, what + " did not finish within " + seconds + " s: "
            + String.join(" ", command));
      }
      String out = new String(bytes, StandardCharsets.UTF_8);
      // ldd exits 1 for a file that is not dynamic ("not a dynamic executable"): nothing to add then.
      if (p.exitValue() != 0 && !(what.equals("ldd") && out.contains("not a dynamic executable"))) {
        throw new ImageException(ImageException.Reason.FAILED, what + " failed (exit " + p.exitValue() + "): "
            + String.join(" ", command) + "\n" + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new ImageException(ImageException.Reason.FAILED, "cannot run " + what + ": " + e.getMessage()
          + (what.equals("ldd") ? " (a Linux machine with glibc's ldd is needed)" : ""), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(ImageException.Reason.FAILED, what + " was interrupted", e);
    }
  }
}
