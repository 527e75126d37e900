package dev.manta.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Reads annotation mirrors: only the attributes written in the source, never the defaults. */
final class Mirrors {
  private Mirrors() {}

  /** Thrown when an annotation value is not what its attribute declares (javac reports the error itself). */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  static Optional<AnnotationMirror> find(Element element, String annotationName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationName)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The attributes set explicitly, by name, in source order. */
  static Map<String, AnnotationValue> explicit(AnnotationMirror mirror) {
    Map<String, AnnotationValue> out = new LinkedHashMap<>();
    if (mirror == null) {
      return out;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      out.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    return out;
  }

  static String string(AnnotationValue v) {
    if (v.getValue() instanceof String s) {
      return s;
    }
    throw new Unreadable("not a string: " + v);
  }

  static int integer(AnnotationValue v) {
    if (v.getValue() instanceof Integer i) {
      return i;
    }
    throw new Unreadable("not an int: " + v);
  }

  static double decimal(AnnotationValue v) {
    if (v.getValue() instanceof Number n) {
      return n.doubleValue();
    }
    throw new Unreadable("not a number: " + v);
  }

  static boolean bool(AnnotationValue v) {
    if (v.getValue() instanceof Boolean b) {
      return b;
    }
    throw new Unreadable("not a boolean: " + v);
  }

  static <E extends Enum<E>> E enumConstant(AnnotationValue v, Class<E> type) {
    if (v.getValue() instanceof VariableElement constant) {
      try {
        return Enum.valueOf(type, constant.getSimpleName().toString());
      } catch (IllegalArgumentException e) {
        throw new Unreadable("not a " + type.getSimpleName() + ": " + v);
      }
    }
    throw new Unreadable("not an enum constant: " + v);
  }

  static AnnotationMirror annotation(AnnotationValue v) {
    if (v.getValue() instanceof AnnotationMirror m) {
      return m;
    }
    throw new Unreadable("not an annotation: " + v);
  }

  /** The elements of an array value; a single value written without braces is a list of one. */
  static List<AnnotationValue> list(AnnotationValue v) {
    if (v.getValue() instanceof List<?> items) {
      List<AnnotationValue> out = new ArrayList<>();
      for (Object item : items) {
        if (!(item instanceof AnnotationValue value)) {
          throw new Unreadable("not an annotation value: " + item);
        }
        out.add(value);
      }
      return out;
    }
    throw new Unreadable("not an array: " + v);
  }

  static List<String> strings(AnnotationValue v) {
    return list(v).stream().map(Mirrors::string).toList();
  }
}
