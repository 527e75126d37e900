package dev.manta.processor;

import dev.manta.Method;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.validation.GraphValidator;
import dev.manta.validation.Location;
import dev.manta.validation.Problem;
import dev.manta.validation.ProblemCode;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a {@code @Task} class: that {@link dev.manta.spi.Launchers}, every module image's entry
 * point, can create and run it, and its module (image, resources, name) by the validator's module
 * rules, reported on the class's annotation values.
 */
final class TaskClassChecks {
  private final Types types;
  private final TypeMirror taskBody;

  TaskClassChecks(Elements elements, Types types) {
    this.types = types;
    TypeElement body = elements.getTypeElement(Annotations.TASK_BODY);
    this.taskBody = body == null ? null : types.erasure(body.asType());
  }

  List<Finding> check(TaskClasses.TaskClass taskClass) {
    TypeElement type = taskClass.element();
    List<Finding> out = new ArrayList<>();
    Target onClass = new Target(type, taskClass.mirror(), null);
    String name = type.getQualifiedName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      out.add(new Finding(ProblemCode.TASK_CLASS, "@Task is on " + kind(type) + " " + name
          + "; put it on a class that implements dev.manta.TaskBody", onClass));
      return out;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      out.add(new Finding(ProblemCode.TASK_CLASS, "task class " + name + " is abstract, so its launcher cannot "
          + "create it; make it a concrete class (or move @Task to a concrete subclass)", onClass));
    }
    if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS
        || (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC))) {
      out.add(new Finding(ProblemCode.TASK_CLASS, "task class " + name + " is an inner class, so its launcher cannot "
          + "create it; make it a top-level or static nested class", onClass));
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      out.add(new Finding(ProblemCode.TASK_CLASS, "task class " + name + " is private, so its launcher cannot "
          + "create it; make it public", onClass));
    }
    if (taskBody != null && !types.isAssignable(types.erasure(type.asType()), taskBody)) {
      out.add(new Finding(ProblemCode.TASK_CLASS, "task class " + name + " does not implement dev.manta.TaskBody; "
          + "add 'implements TaskBody' and put the task's code in run(TaskContext)", onClass));
    }
    boolean noArg = false;
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)) {
        noArg = true;
      }
    }
    if (!noArg) {
      out.add(new Finding(ProblemCode.TASK_CLASS, "task class " + name + " has no public no-argument constructor, "
          + "which its launcher calls for every task instance; add 'public " + type.getSimpleName() + "() {}'", onClass));
    }
    out.addAll(moduleFindings(taskClass));
    return out;
  }

  /** The validator's module rules, applied to this class's module alone. */
  private static List<Finding> moduleFindings(TaskClasses.TaskClass taskClass) {
    ModuleSpec module = taskClass.module();
    SwarmGraph probe = SwarmGraph.builder("module_check").module(module)
        .task(new TaskSpec("probe", module.name(), Method.ANY, null, null, false, List.of(), List.of(), "", false,
            List.of()))
        .build();
    List<Finding> out = new ArrayList<>();
    for (Problem p : GraphValidator.validate(probe)) {
      if (p.location().kind() != Location.Kind.MODULE) {
        continue;
      }
      String attribute = p.location().attribute();
      AnnotationValue value = attribute == null ? null : switch (attribute) {
        case "image" -> taskClass.explicit().get("image");
        case "cpu", "memory" -> TaskClasses.resourceValue(taskClass.explicit(), attribute);
        default -> null;
      };
      out.add(new Finding(p.code(), p.message(), new Target(taskClass.element(), taskClass.mirror(), value)));
    }
    return out;
  }

  private static String kind(TypeElement type) {
    return switch (type.getKind()) {
      case INTERFACE -> "interface";
      case ENUM -> "enum";
      case RECORD -> "record";
      case ANNOTATION_TYPE -> "annotation type";
      default -> "type";
    };
  }
}
