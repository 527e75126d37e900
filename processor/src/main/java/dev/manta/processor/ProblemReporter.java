package dev.manta.processor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.AnnotationValue;
import javax.tools.Diagnostic;

/** Prints findings on their elements and annotation values, each problem once. */
final class ProblemReporter {
  private final Messager messager;
  private final Set<String> printed = new HashSet<>();
  private int errors;

  ProblemReporter(Messager messager) {
    this.messager = messager;
  }

  void report(List<Finding> findings) {
    findings.forEach(this::report);
  }

  void report(Finding f) {
    Target t = f.target();
    String key = f.code() + "|" + describe(t.element()) + "|" + t.mirror() + "|" + t.value() + "|" + f.key();
    if (!printed.add(key)) {
      return;
    }
    Diagnostic.Kind kind = f.isError() ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING;
    if (f.isError()) {
      errors++;
    }
    if (t.mirror() == null) {
      messager.printMessage(kind, f.format(), t.element());
    } else if (t.value() == null) {
      messager.printMessage(kind, f.format(), t.element(), t.mirror());
    } else {
      AnnotationMirror holder = holder(t.mirror(), t.value(), true);
      if (holder == null) {
        holder = holder(t.mirror(), t.value(), false);
      }
      messager.printMessage(kind, f.format(), t.element(), holder == null ? t.mirror() : holder, t.value());
    }
  }

  /**
   * The annotation whose own attribute {@code value} is: {@code mirror} itself or one nested in it
   * ({@code @Resources} in {@code @Task}, an {@code @Network} of {@code @Swarm}). ecj places a value
   * only when given the annotation that directly holds it. Values are matched by identity first
   * (two equal values in two annotations, like two {@code @Network(name = "backend")}, differ by it),
   * then by equality for a compiler that hands out new value objects.
   */
  static AnnotationMirror holder(AnnotationMirror mirror, AnnotationValue value, boolean identity) {
    for (AnnotationValue v : mirror.getElementValues().values()) {
      if (identity ? v == value : v.equals(value)) {
        return mirror;
      }
    }
    for (AnnotationValue v : mirror.getElementValues().values()) {
      AnnotationMirror found = nested(v.getValue(), value, identity);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static AnnotationMirror nested(Object content, AnnotationValue value, boolean identity) {
    if (content instanceof AnnotationMirror m) {
      return holder(m, value, identity);
    }
    if (content instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof AnnotationValue v) {
          AnnotationMirror found = nested(v.getValue(), value, identity);
          if (found != null) {
            return found;
          }
        }
      }
    }
    return null;
  }

  /**
   * Names an element by its place in the source ({@code com.acme.S#aggregator(com.acme.Trainer)#trainers}):
   * equal for the same declaration under every compiler, which need not hand out one instance for it.
   */
  static String describe(Element e) {
    if (e == null) {
      return "";
    }
    if (e instanceof TypeElement type) {
      return type.getQualifiedName().toString();
    }
    if (e instanceof PackageElement p) {
      return p.getQualifiedName().toString();
    }
    String own = e instanceof ExecutableElement m ? m.getSimpleName() + m.getParameters().stream()
        .map(p -> p.asType().toString()).collect(Collectors.joining(",", "(", ")")) : e.getSimpleName().toString();
    return describe(e.getEnclosingElement()) + "#" + own;
  }

  /** A failure of the processor itself, not of the user's code. */
  void internal(javax.lang.model.element.Element element, Throwable e) {
    errors++;
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(trace));
    String message = "[Manta/Internal] the Manta processor failed; please report it with this trace:\n" + trace;
    if (element == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }
  }

  int errors() {
    return errors;
  }
}
