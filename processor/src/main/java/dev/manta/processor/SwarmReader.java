package dev.manta.processor;

import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.graph.Names;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.validation.GraphValidator;
import dev.manta.validation.ProblemCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Swarm} interface into a {@link SwarmModel} and its {@link SwarmElements}.
 * Declarations it cannot turn into a task (a method without a {@code @Task} class, a parameter
 * naming no task) become findings and are left out of the model.
 */
final class SwarmReader {
  /**
   * What was read. {@code unresolved} means a type javac has not resolved yet (it may be generated
   * in a later round): the swarm is read again then, and nothing else here counts.
   */
  record Result(SwarmModel model, SwarmElements sites, List<Finding> findings, List<TypeElement> taskClasses,
      boolean unresolved) {
    static Result deferred() {
      return new Result(null, null, List.of(), List.of(), true);
    }
  }

  private final Elements elements;
  private final Types types;
  private final TaskClasses taskClasses;
  private final JsonTypes jsonTypes;

  SwarmReader(Elements elements, Types types, TaskClasses taskClasses, JsonTypes jsonTypes) {
    this.elements = elements;
    this.types = types;
    this.taskClasses = taskClasses;
    this.jsonTypes = jsonTypes;
  }

  Result read(TypeElement swarm, AnnotationMirror swarmMirror) {
    return read(swarm, swarmMirror, Map.of());
  }

  /**
   * Reads {@code swarm}; {@code parameterNames} (task method → its parameter names) stands in for
   * the names a class file compiled without {@code -parameters} lacks (see {@link SwarmState}).
   */
  Result read(TypeElement swarm, AnnotationMirror swarmMirror, Map<String, List<String>> parameterNames) {
    List<ExecutableElement> methods = new ArrayList<>(ElementFilter.methodsIn(swarm.getEnclosedElements()));
    if (!parameterNames.isEmpty()) {
      // A class file's methods come in the compiler's order (ecj sorts them by name): use the source
      // order the state recorded.
      List<String> order = List.copyOf(parameterNames.keySet());
      methods.sort(java.util.Comparator.comparingInt(m -> {
        int i = order.indexOf(m.getSimpleName().toString());
        return i < 0 ? Integer.MAX_VALUE : i;
      }));
    }
    for (ExecutableElement m : methods) {
      if (unresolved(m.getReturnType()) || m.getParameters().stream().anyMatch(p -> unresolved(p.asType()))) {
        return Result.deferred();
      }
    }
    SwarmElements sites = new SwarmElements(swarm, swarmMirror);
    List<Finding> findings = new ArrayList<>();
    for (ExecutableElement inherited : ElementFilter.methodsIn(elements.getAllMembers(swarm))) {
      // Compared by name: ecj hands out a new element instance for the same type.
      Element owner = inherited.getEnclosingElement();
      if (!((TypeElement) owner).getQualifiedName().contentEquals(swarm.getQualifiedName()) && inherited.getModifiers().contains(Modifier.ABSTRACT)
          && !((TypeElement) owner).getQualifiedName().contentEquals("java.lang.Object")) {
        findings.add(new Finding(ProblemCode.TASK_METHOD, "swarm interface " + swarm.getSimpleName()
            + " inherits abstract method '" + inherited.getSimpleName() + "' from " + owner.getSimpleName()
            + "; declare every task method in the @Swarm interface itself", new Target(swarm, swarmMirror, null)));
      }
    }
    Map<String, AnnotationValue> values = Mirrors.explicit(swarmMirror);
    String name = Mirrors.string(required(values, "name"));
    int maxIterations = values.containsKey("maxIterations")
        ? Mirrors.integer(values.get("maxIterations")) : SwarmGraph.DEFAULT_MAX_ITERATIONS;
    List<NetworkSpec> networks = new ArrayList<>();
    if (values.containsKey("networks")) {
      for (AnnotationValue v : Mirrors.list(values.get("networks"))) {
        AnnotationMirror networkMirror = Mirrors.annotation(v);
        Map<String, AnnotationValue> n = Mirrors.explicit(networkMirror);
        String networkName = Mirrors.string(required(n, "name"));
        Driver driver = n.containsKey("driver") ? Mirrors.enumConstant(n.get("driver"), Driver.class) : Driver.OVERLAY;
        networks.add(new NetworkSpec(networkName, driver));
        sites.network(networkName, networkMirror, n.get("name"));
      }
    }

    List<SwarmModel.GlobalDecl> globals = new ArrayList<>();
    Map<String, String> globalMethods = new LinkedHashMap<>();
    Map<String, ExecutableElement> taskMethods = new LinkedHashMap<>();
    Map<ExecutableElement, TaskClasses.TaskClass> classOf = new LinkedHashMap<>();
    for (ExecutableElement m : methods) {
      Optional<AnnotationMirror> task = Mirrors.find(m, Annotations.TASK);
      Optional<AnnotationMirror> global = Mirrors.find(m, Annotations.GLOBAL);
      String methodName = m.getSimpleName().toString();
      if (global.isPresent()) {
        if (!m.getModifiers().contains(Modifier.DEFAULT) || !m.getParameters().isEmpty()
            || m.getReturnType().getKind() == TypeKind.VOID) {
          findings.add(new Finding(ProblemCode.GLOBAL_METHOD, "@Global method '" + methodName
              + "' must be a default method without parameters that returns the value, e.g. "
              + "@Global(\"epochs\") default int epochs() { return 10; }", new Target(m, global.get(), null)));
          continue;
        }
        AnnotationValue nameValue = required(Mirrors.explicit(global.get()), "value");
        String globalName = Mirrors.string(nameValue);
        String earlier = globalMethods.putIfAbsent(globalName, methodName);
        if (earlier != null) {
          findings.add(new Finding(ProblemCode.DUPLICATE_GLOBAL, "global '" + globalName + "' is already declared by "
              + "method '" + earlier + "' of swarm '" + name + "'; give each @Global its own name, or remove one "
              + "of the two methods", new Target(m, global.get(), nameValue)));
          continue;
        }
        JsonTypes.Verdict verdict = jsonTypes.check(m.getReturnType());
        if (verdict instanceof JsonTypes.Unresolved) {
          return Result.deferred();
        }
        if (verdict instanceof JsonTypes.NotWritable n) {
          findings.add(new Finding(ProblemCode.GLOBAL_TYPE, "global '" + globalName + "' of type " + m.getReturnType()
              + " cannot be written as JSON (" + n.reason() + "); return primitives, strings, enums, arrays, "
              + "lists, maps with string keys, or records of those", new Target(m, global.get(), null)));
        }
        globals.add(new SwarmModel.GlobalDecl(globalName, m.getReturnType().toString(), methodName));
        sites.global(globalName, new SwarmElements.GlobalSite(m, global.get(), nameValue));
        continue;
      }
      if (!m.getModifiers().contains(Modifier.ABSTRACT)) {
        if (task.isPresent()) {
          findings.add(new Finding(ProblemCode.TASK_METHOD, "method '" + methodName + "' has a body, so it "
              + "declares no task; make it abstract (remove the body) to declare a task, or remove @Task",
              new Target(m, task.get(), null)));
        }
        continue;
      }
      TypeMirror returned = m.getReturnType();
      Optional<TaskClasses.TaskClass> taskClass = returned instanceof DeclaredType d
          ? taskClasses.read((TypeElement) d.asElement()) : Optional.empty();
      if (taskClass.isEmpty()) {
        findings.add(new Finding(ProblemCode.TASK_METHOD, "task method '" + methodName + "' returns " + returned
            + ", which is not a @Task class; return the class the task runs (annotated @Task, implementing "
            + "dev.manta.TaskBody), or make the method default if it is no task", new Target(m, task.orElse(null), null)));
        continue;
      }
      if (taskMethods.containsKey(methodName)) {
        findings.add(new Finding(ProblemCode.TASK_METHOD, "two task methods are named '" + methodName
            + "'; parameters name tasks by method name, so give each task method its own name",
            new Target(m, task.orElse(null), null)));
        continue;
      }
      taskMethods.put(methodName, m);
      classOf.put(m, taskClass.get());
    }

    List<SwarmModel.TaskDecl> tasks = new ArrayList<>();
    for (ExecutableElement m : taskMethods.values()) {
      TaskClasses.TaskClass tc = classOf.get(m);
      AnnotationMirror mirror = Mirrors.find(m, Annotations.TASK).orElse(null);
      Map<String, AnnotationValue> own = Mirrors.explicit(mirror);
      Map<String, AnnotationValue> inherited = tc.explicit();
      String methodName = m.getSimpleName().toString();
      // The documented rule (docs/validation.md, "The naming rule"): localTrainers() declares local_trainers.
      String alias = own.containsKey("alias") ? Mirrors.string(own.get("alias")) : Names.snakeCase(methodName);
      AnnotationValue copiesValue = TaskClasses.inherited("copies", own, inherited);
      int copies = copiesValue == null ? 1 : Mirrors.integer(copiesValue);
      GraphValidator.checkCopies(alias, copies).ifPresent(p -> findings.add(new Finding(p.code(), p.message(),
          new Target(m, mirror, own.get("copies")))));
      AnnotationValue maximum = TaskClasses.inherited("maximum", own, inherited);
      AnnotationValue fraction = TaskClasses.inherited("fraction", own, inherited);
      AnnotationValue fixed = TaskClasses.inherited("fixed", own, inherited);
      AnnotationValue network = TaskClasses.inherited("network", own, inherited);
      AnnotationValue timeout = TaskClasses.inherited("timeout", own, inherited);
      Double cpu = null;
      String memory = null;
      if (own.containsKey("resources")) {
        ResourceSpec r = TaskClasses.resources(own.get("resources"), tc.module().resources());
        cpu = r.cpu();
        memory = r.memory();
      }
      List<SwarmModel.Upstream> upstream = new ArrayList<>();
      List<String> recorded = parameterNames.get(methodName);
      if (recorded != null && recorded.size() != m.getParameters().size()) {
        recorded = null;
      }
      for (int i = 0; i < m.getParameters().size(); i++) {
        VariableElement p = m.getParameters().get(i);
        String parameter = recorded != null ? recorded.get(i) : p.getSimpleName().toString();
        ExecutableElement from = taskMethods.get(parameter);
        if (from == null) {
          String hint = GraphValidator.closest(parameter, taskMethods.keySet())
              .map(c -> "; did you mean '" + c + "'?")
              .orElse(taskMethods.isEmpty() ? "; declare that task method first"
                  : "; the task methods are " + String.join(", ", taskMethods.keySet()));
          findings.add(new Finding(ProblemCode.UNKNOWN_TASK, "parameter '" + parameter + "' of task method '"
              + methodName + "' names no task of swarm '" + name + "'" + hint, Target.of(p)));
          continue;
        }
        TypeMirror expected = types.erasure(from.getReturnType());
        if (!types.isSameType(types.erasure(p.asType()), expected)) {
          findings.add(new Finding(ProblemCode.PARAMETER_TYPE, "parameter '" + parameter + "' of task method '"
              + methodName + "' has type " + p.asType() + ", but task '" + parameter + "' runs " + expected
              + "; declare it as '" + simpleName(expected) + " " + parameter + "'", Target.of(p)));
          continue;
        }
        Condition condition = Mirrors.find(p, Annotations.ON)
            .map(on -> Mirrors.enumConstant(required(Mirrors.explicit(on), "value"), Condition.class))
            .orElse(Condition.FINISHED);
        upstream.add(new SwarmModel.Upstream(parameter, condition));
      }
      SwarmModel.TaskDecl decl = new SwarmModel.TaskDecl(methodName, alias, copies, tc.module(),
          TaskClasses.method(TaskClasses.inherited("method", own, inherited)),
          maximum == null ? null : Mirrors.integer(maximum),
          fraction == null ? null : Mirrors.decimal(fraction),
          fixed != null && Mirrors.bool(fixed),
          TaskClasses.strings(TaskClasses.inherited("specifiedIds", own, inherited)),
          TaskClasses.strings(TaskClasses.inherited("exceptedIds", own, inherited)),
          network == null ? "" : Mirrors.string(network),
          own.containsKey("gpu") ? Mirrors.bool(own.get("gpu")) : null,
          own.containsKey("image") ? Mirrors.string(own.get("image")) : null,
          own.containsKey("datasets") ? Mirrors.strings(own.get("datasets")) : null,
          cpu, memory, upstream,
          timeout == null || Mirrors.string(timeout).isEmpty() ? null : Mirrors.string(timeout),
          TaskClasses.strings(TaskClasses.inherited("labels", own, inherited)));
      tasks.add(decl);
      List<String> aliases = copies >= 1 ? decl.aliases() : List.of(alias);
      List<String> moduleNames = new ArrayList<>();
      moduleNames.add(tc.module().name());
      aliases.forEach(a -> moduleNames.add(tc.module().name() + "-" + a));
      sites.task(aliases, new SwarmElements.TaskSite(m, mirror, own, alias, tc), moduleNames);
    }
    SwarmModel model = new SwarmModel(name, elements.getBinaryName(swarm).toString(), maxIterations, networks,
        globals, tasks);
    List<TypeElement> used = classOf.values().stream().map(TaskClasses.TaskClass::element).distinct().toList();
    return new Result(model, sites, findings, used, false);
  }

  /** A required attribute; javac reports a missing one itself, so the swarm is not read further. */
  private static AnnotationValue required(Map<String, AnnotationValue> values, String attribute) {
    AnnotationValue v = values.get(attribute);
    if (v == null) {
      throw new Mirrors.Unreadable("missing " + attribute);
    }
    return v;
  }

  private static String simpleName(TypeMirror type) {
    String s = type.toString();
    return s.substring(s.lastIndexOf('.') + 1);
  }

  /** Whether {@code type} or a type in it is one javac could not resolve. */
  private static boolean unresolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type instanceof javax.lang.model.type.ArrayType a) {
      return unresolved(a.getComponentType());
    }
    if (type instanceof DeclaredType d) {
      return d.getTypeArguments().stream().anyMatch(SwarmReader::unresolved);
    }
    return false;
  }
}
