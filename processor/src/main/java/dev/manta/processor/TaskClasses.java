package dev.manta.processor;

import dev.manta.Method;
import dev.manta.dsl.TaskDefaults;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.ResourceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads {@code @Task} classes: the module (packaging defaults) and the task defaults that every
 * task method running the class (and every DSL task declared by the class) inherits unless it
 * sets them itself.
 */
final class TaskClasses {
  /**
   * A {@code @Task} class as read: its module, the attributes it sets explicitly, and those of
   * them that are scheduling defaults (written to its descriptor for the DSL).
   */
  record TaskClass(TypeElement element, AnnotationMirror mirror, Map<String, AnnotationValue> explicit,
      ModuleSpec module, TaskDefaults defaults) {}

  private final Elements elements;
  private final Map<String, TaskClass> cache = new HashMap<>();

  TaskClasses(Elements elements) {
    this.elements = elements;
  }

  /** The class's module, when it carries {@code @Task}. */
  Optional<TaskClass> read(TypeElement type) {
    String binary = elements.getBinaryName(type).toString();
    TaskClass cached = cache.get(binary);
    if (cached != null && cached.element() == type) {
      return Optional.of(cached);
    }
    Optional<AnnotationMirror> mirror = Mirrors.find(type, Annotations.TASK);
    if (mirror.isEmpty()) {
      return Optional.empty();
    }
    Map<String, AnnotationValue> explicit = Mirrors.explicit(mirror.get());
    ModuleSpec defaults = ModuleSpec.of(binary);
    ResourceSpec resources = resources(explicit.get("resources"), defaults.resources());
    ModuleSpec module = new ModuleSpec(
        defaults.name(),
        binary,
        explicit.containsKey("image") ? Mirrors.string(explicit.get("image")) : defaults.image(),
        explicit.containsKey("datasets") ? Mirrors.strings(explicit.get("datasets")) : defaults.datasets(),
        resources,
        explicit.containsKey("gpu") ? Mirrors.bool(explicit.get("gpu")) : defaults.gpu());
    TaskClass read = new TaskClass(type, mirror.get(), explicit, module, defaults(explicit));
    cache.put(binary, read);
    return Optional.of(read);
  }

  /** The scheduling attributes set explicitly; the others stay {@code null}. */
  static TaskDefaults defaults(Map<String, AnnotationValue> explicit) {
    AnnotationValue method = explicit.get("method");
    AnnotationValue maximum = explicit.get("maximum");
    AnnotationValue fraction = explicit.get("fraction");
    AnnotationValue fixed = explicit.get("fixed");
    AnnotationValue specified = explicit.get("specifiedIds");
    AnnotationValue excepted = explicit.get("exceptedIds");
    AnnotationValue network = explicit.get("network");
    AnnotationValue labels = explicit.get("labels");
    return new TaskDefaults(
        method == null ? null : Mirrors.enumConstant(method, Method.class),
        maximum == null ? null : Mirrors.integer(maximum),
        fraction == null ? null : Mirrors.decimal(fraction),
        fixed == null ? null : Mirrors.bool(fixed),
        specified == null ? null : Mirrors.strings(specified),
        excepted == null ? null : Mirrors.strings(excepted),
        network == null ? null : Mirrors.string(network),
        labels == null ? null : Mirrors.strings(labels));
  }

  /** {@code @Resources} values set explicitly, over {@code base}. */
  static ResourceSpec resources(AnnotationValue value, ResourceSpec base) {
    if (value == null) {
      return base;
    }
    Map<String, AnnotationValue> r = Mirrors.explicit(Mirrors.annotation(value));
    return new ResourceSpec(
        r.containsKey("cpu") ? Mirrors.decimal(r.get("cpu")) : base.cpu(),
        r.containsKey("memory") ? Mirrors.string(r.get("memory")) : base.memory());
  }

  /** The nested {@code @Resources} attribute's own value when set, else the whole {@code resources} value. */
  static AnnotationValue resourceValue(Map<String, AnnotationValue> explicit, String attribute) {
    AnnotationValue resources = explicit.get("resources");
    if (resources == null) {
      return null;
    }
    AnnotationValue nested = Mirrors.explicit(Mirrors.annotation(resources)).get(attribute);
    return nested != null ? nested : resources;
  }

  /** A task attribute: the method's explicit value, else the class's, else {@code null}. */
  static AnnotationValue inherited(String attribute, Map<String, AnnotationValue> method,
      Map<String, AnnotationValue> type) {
    AnnotationValue v = method.get(attribute);
    return v != null ? v : type.get(attribute);
  }

  static Method method(AnnotationValue v) {
    return v == null ? Method.ALL : Mirrors.enumConstant(v, Method.class);
  }

  static List<String> strings(AnnotationValue v) {
    return v == null ? List.of() : Mirrors.strings(v);
  }
}
