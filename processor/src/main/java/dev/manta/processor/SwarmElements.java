package dev.manta.processor;

import dev.manta.validation.Location;
import dev.manta.validation.Problem;
import dev.manta.validation.ProblemCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The element map of one swarm: which source element (and annotation value) each name of its
 * graph came from, so a validator {@link Location} can be reported where the user wrote it.
 */
final class SwarmElements {
  /** A task method and what it sets explicitly; {@code mirror} is null without {@code @Task}. */
  record TaskSite(ExecutableElement method, AnnotationMirror mirror, Map<String, AnnotationValue> explicit,
      String baseAlias, TaskClasses.TaskClass taskClass) {}

  /** An {@code @Network} of the swarm and its {@code name} value. */
  record NetworkSite(AnnotationMirror mirror, AnnotationValue name) {}

  /** A {@code @Global} method. */
  record GlobalSite(ExecutableElement method, AnnotationMirror mirror, AnnotationValue name) {}

  private final TypeElement swarm;
  private final AnnotationMirror swarmMirror;
  private final Map<String, AnnotationValue> swarmValues;
  private final Map<String, List<TaskSite>> byAlias = new LinkedHashMap<>();
  private final Map<String, List<TaskSite>> byModule = new LinkedHashMap<>();
  private final Map<String, List<NetworkSite>> networks = new LinkedHashMap<>();
  private final Map<String, GlobalSite> globals = new LinkedHashMap<>();

  SwarmElements(TypeElement swarm, AnnotationMirror swarmMirror) {
    this.swarm = swarm;
    this.swarmMirror = swarmMirror;
    this.swarmValues = Mirrors.explicit(swarmMirror);
  }

  TypeElement swarm() {
    return swarm;
  }

  Target swarmTarget(String attribute) {
    return new Target(swarm, swarmMirror, attribute == null ? null : swarmValues.get(attribute));
  }

  void task(List<String> aliases, TaskSite site, List<String> moduleNames) {
    aliases.forEach(a -> byAlias.computeIfAbsent(a, k -> new ArrayList<>()).add(site));
    moduleNames.forEach(m -> byModule.computeIfAbsent(m, k -> new ArrayList<>()).add(site));
  }

  void network(String name, AnnotationMirror mirror, AnnotationValue nameValue) {
    networks.computeIfAbsent(name, k -> new ArrayList<>()).add(new NetworkSite(mirror, nameValue));
  }

  void global(String name, GlobalSite site) {
    globals.putIfAbsent(name, site);
  }

  /**
   * Where {@code problem} goes, and the key that makes the copies of one task method one problem;
   * empty when it is reported elsewhere (a module problem of a {@code @Task} class compiled here
   * is reported on that class).
   */
  Optional<Finding> locate(Problem problem, Set<String> classesCheckedElsewhere) {
    Location at = problem.location();
    String attribute = at.attribute();
    switch (at.kind()) {
      case SWARM:
        return Optional.of(new Finding(problem.code(), problem.message(), swarmTarget(attribute)));
      case TASK: {
        List<TaskSite> sites = byAlias.get(at.name());
        if (sites == null || sites.isEmpty()) {
          return Optional.of(new Finding(problem.code(), problem.message(), swarmTarget(null)));
        }
        TaskSite site = problem.code() == ProblemCode.DUPLICATE_ALIAS ? sites.get(sites.size() - 1) : sites.get(0);
        String key = problem.message().replace("'" + at.name() + "'", "'" + site.baseAlias() + "'");
        String message = namingMethod(problem.message(), at.name(), site);
        if (attribute != null && attribute.startsWith("upstream:")) {
          // The graph names the upstream task by alias; the parameter names its method.
          String upstream = attribute.substring("upstream:".length());
          List<TaskSite> from = byAlias.get(upstream);
          String parameter = from == null || from.isEmpty() ? upstream : from.get(0).method().getSimpleName().toString();
          for (VariableElement p : site.method().getParameters()) {
            if (p.getSimpleName().contentEquals(parameter)) {
              return Optional.of(new Finding(problem.code(), message, Target.of(p), key));
            }
          }
        }
        return Optional.of(new Finding(problem.code(), message, taskTarget(site, attribute), key));
      }
      case MODULE: {
        List<TaskSite> sites = byModule.getOrDefault(at.name(), List.of());
        if (sites.isEmpty()) {
          return Optional.of(new Finding(problem.code(), problem.message(), swarmTarget(null)));
        }
        TaskSite first = sites.get(0);
        boolean ownModule = first.taskClass().module().name().equals(at.name());
        if (problem.code() == ProblemCode.DUPLICATE_MODULE) {
          TaskSite other = sites.stream()
              .filter(s -> !s.taskClass().module().entryClass().equals(first.taskClass().module().entryClass()))
              .findFirst().orElse(sites.get(sites.size() - 1));
          return Optional.of(new Finding(problem.code(), problem.message(), new Target(other.method(), other.mirror(), null)));
        }
        if (ownModule && classesCheckedElsewhere.contains(first.taskClass().module().entryClass())) {
          return Optional.empty();
        }
        AnnotationValue value = ownModule || attribute == null ? null
            : switch (attribute) {
              case "image" -> first.explicit().get("image");
              case "cpu", "memory" -> TaskClasses.resourceValue(first.explicit(), attribute);
              default -> null;
            };
        String key = problem.code() + ":" + attribute + ":" + first.baseAlias();
        return Optional.of(new Finding(problem.code(), problem.message(),
            new Target(first.method(), first.mirror(), value), ownModule ? problem.message() : key));
      }
      case NETWORK: {
        List<NetworkSite> sites = networks.getOrDefault(at.name(), List.of());
        if (sites.isEmpty()) {
          return Optional.of(new Finding(problem.code(), problem.message(), swarmTarget(null)));
        }
        // The @Network itself, not just its value: ecj tells two equal name values apart only by it.
        NetworkSite site = problem.code() == ProblemCode.DUPLICATE_NETWORK ? sites.get(sites.size() - 1) : sites.get(0);
        return Optional.of(new Finding(problem.code(), problem.message(), new Target(swarm, site.mirror(), site.name())));
      }
      case GLOBAL: {
        GlobalSite site = globals.get(at.name());
        if (site == null) {
          return Optional.of(new Finding(problem.code(), problem.message(), swarmTarget(null)));
        }
        AnnotationValue value = "name".equals(attribute) ? site.name() : null;
        return Optional.of(new Finding(problem.code(), problem.message(), new Target(site.method(), site.mirror(), value)));
      }
      default:
        return Optional.of(new Finding(problem.code(), problem.message(), swarmTarget(null)));
    }
  }

  /**
   * The message with the task's method named after its alias when the two differ
   * ({@code 'local_trainers' (method localTrainers())}), so the user finds both in the source.
   */
  private static String namingMethod(String message, String alias, TaskSite site) {
    String method = site.method().getSimpleName().toString();
    if (method.equals(site.baseAlias())) {
      return message;
    }
    String quoted = "'" + alias + "'";
    int at = message.indexOf(quoted);
    if (at < 0) {
      return message;
    }
    int end = at + quoted.length();
    return message.substring(0, end) + " (method " + method + "())" + message.substring(end);
  }

  private static Target taskTarget(TaskSite site, String attribute) {
    if (site.mirror() == null || attribute == null) {
      return new Target(site.method(), site.mirror(), null);
    }
    // One element of an array attribute (labels[1]) is reported on the attribute: ecj places no
    // diagnostic on an element of an array value, and both compilers must give the same line.
    int bracket = attribute.indexOf('[');
    String name = bracket < 0 ? attribute : attribute.substring(0, bracket);
    return new Target(site.method(), site.mirror(), site.explicit().get(name));
  }
}
