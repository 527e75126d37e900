package dev.manta.processor;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.ForwardingJavaFileObject;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

/**
 * ecj (the compiler of Eclipse and VS Code) for compile-testing. ecj reads the sources a processor
 * generates back from the file system, so each generated source is also written to a temporary
 * directory and its file object points there; compile-testing still sees every generated file.
 */
final class EcjCompiler implements JavaCompiler {
  private final EclipseCompiler ecj = new EclipseCompiler();

  @Override
  public CompilationTask getTask(Writer out, JavaFileManager fileManager, DiagnosticListener<? super JavaFileObject> listener,
      Iterable<String> options, Iterable<String> classes, Iterable<? extends JavaFileObject> units) {
    Path dir;
    try {
      dir = Files.createTempDirectory("manta-ecj-sources");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JavaFileManager files = new ForwardingJavaFileManager<>(fileManager) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) throws IOException {
        JavaFileObject memory = super.getJavaFileForOutput(location, className, kind, sibling);
        if (location != StandardLocation.SOURCE_OUTPUT) {
          return memory;
        }
        Path file = dir.resolve(className.replace('.', '/') + kind.extension);
        Files.createDirectories(file.getParent());
        return new ForwardingJavaFileObject<>(memory) {
          @Override
          public URI toUri() {
            return file.toUri();
          }

          @Override
          public String getName() {
            return file.toString();
          }

          @Override
          public OutputStream openOutputStream() throws IOException {
            OutputStream copy = Files.newOutputStream(file);
            return new FilterOutputStream(super.openOutputStream()) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                copy.write(b, off, len);
              }

              @Override
              public void write(int b) throws IOException {
                out.write(b);
                copy.write(b);
              }

              @Override
              public void close() throws IOException {
                try {
                  super.close();
                } finally {
                  copy.close();
                }
              }
            };
          }

          @Override
          public Writer openWriter() throws IOException {
            return new java.io.OutputStreamWriter(openOutputStream(), StandardCharsets.UTF_8);
          }
        };
      }
    };
    // ecj prints its diagnostics to out (System.out when null); compile-testing collects them anyway.
    return ecj.getTask(out == null ? Writer.nullWriter() : out, files, listener, options, classes, units);
  }

  @Override
  public StandardJavaFileManager getStandardFileManager(DiagnosticListener<? super JavaFileObject> listener,
      Locale locale, java.nio.charset.Charset charset) {
    return ecj.getStandardFileManager(listener, locale, charset);
  }

  @Override
  public int isSupportedOption(String option) {
    return ecj.isSupportedOption(option);
  }

  @Override
  public int run(java.io.InputStream in, OutputStream out, OutputStream err, String... arguments) {
    return ecj.run(in, out, err, arguments);
  }

  @Override
  public Set<SourceVersion> getSourceVersions() {
    return ecj.getSourceVersions();
  }
}
