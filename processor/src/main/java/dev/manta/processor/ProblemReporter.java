package dev.manta.processor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
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
    String key = f.code() + "|" + System.identityHashCode(t.element()) + "|"
        + System.identityHashCode(t.value()) + "|" + f.key();
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
      messager.printMessage(kind, f.format(), t.element(), t.mirror(), t.value());
    }
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
