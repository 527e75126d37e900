package dev.manta.processor;

import com.google.auto.service.AutoService;
import dev.manta.graph.SwarmGraph;
import dev.manta.spi.SwarmIndex;
import dev.manta.validation.ProblemCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The Manta annotation processor. Per round it checks the {@code @Task} classes (and writes their
 * module descriptors into the index; images start every module through {@link dev.manta.spi.Launchers}), then reads, checks and generates the {@code @Swarm}
 * interfaces; in the last round it writes the index and the incremental state ({@link SwarmState}). Validation and generation are separate:
 * nothing is generated for a swarm with an error.
 *
 * <p>A swarm that refers to a type javac has not resolved yet (one another processor generates in
 * a later round, or a missing one) is read again in the next round; in the last round it is left
 * to javac, whose own error says what is missing.
 *
 * <p>Incremental builds: when only some sources are compiled into an earlier output, swarms that
 * use a task class compiled now are read again from their class files ({@link SwarmState}), and
 * the outputs of swarms and task classes that are gone are removed ({@link StaleOutputs}).
 *
 * <p>It behaves the same under javac and ecj: elements are compared by name, never by identity.
 *
 * <p>It supports {@code "*"} to find classes extending {@code SwarmDefinition} for the index, and
 * claims no annotation, so other processors see every one.
 */
@AutoService(Processor.class)
public final class MantaProcessor extends AbstractProcessor {
  private Elements elements;
  private Types types;
  private Filer filer;
  private ProblemReporter reporter;
  private TaskClasses taskClasses;
  private TaskClassChecks classChecks;
  private SwarmReader reader;
  private ManifestWriter manifests;
  private SwarmClassGenerator swarmClasses;
  private final IndexWriter index = new IndexWriter();
  private StaleOutputs stale;

  /** Qualified names of swarms and task classes to read again next round. */
  private final Set<String> deferredSwarms = new LinkedHashSet<>();
  private final Set<String> deferredClasses = new LinkedHashSet<>();
  /** Binary names of every {@code @Task} class in this compilation's sources: checked on their own. */
  private final Set<String> sourceTaskClasses = new HashSet<>();
  /** Binary names of task classes with errors: swarms using them are not generated. */
  private final Set<String> brokenClasses = new HashSet<>();
  /** Swarm name → qualified name of the interface that declared it first. */
  private final Map<String, String> swarmNames = new HashMap<>();
  /**
   * Swarms of an earlier compilation (qualified name → recorded parameter names) that use a task
   * class compiled now while their own source is not: regenerated from their class files.
   */
  private final Map<String, Map<String, List<String>>> recovered = new HashMap<>();
  /** This compilation's swarm states (interface binary name → state): written in the last round. */
  private final Map<String, SwarmState> states = new HashMap<>();
  private Map<String, SwarmState> earlierStates;
  private boolean dependentsChecked;
  private Optional<SwarmIndex> earlierIndex;
  private TypeMirror swarmDefinition;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    elements = env.getElementUtils();
    types = env.getTypeUtils();
    filer = env.getFiler();
    stale = new StaleOutputs(filer);
    reporter = new ProblemReporter(env.getMessager());
    taskClasses = new TaskClasses(elements);
    classChecks = new TaskClassChecks(elements, types);
    reader = new SwarmReader(elements, types, taskClasses, new JsonTypes(elements, types));
    manifests = new ManifestWriter(filer);
    swarmClasses = new SwarmClassGenerator(filer, elements, types);
    TypeElement definition = elements.getTypeElement(Annotations.SWARM_DEFINITION);
    swarmDefinition = definition == null ? null : types.erasure(definition.asType());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (elements.getTypeElement(Annotations.TASK) == null) {
      return false; // manta-dsl is not on the class path: nothing of ours to process
    }
    if (round.processingOver()) {
      writeIndex(); // also when nothing of Manta's was compiled: it drops entries of deleted sources
      return false;
    }
    TypeElement task = elements.getTypeElement(Annotations.TASK);
    TypeElement swarm = elements.getTypeElement(Annotations.SWARM);
    Set<String> classes = new LinkedHashSet<>(deferredClasses);
    deferredClasses.clear();
    for (Element e : round.getElementsAnnotatedWith(task)) {
      if (e instanceof TypeElement type) {
        classes.add(type.getQualifiedName().toString());
        sourceTaskClasses.add(elements.getBinaryName(type).toString());
      } else if (e.getKind() == ElementKind.METHOD && Mirrors.find(e.getEnclosingElement(), Annotations.SWARM).isEmpty()) {
        reporter.report(new Finding(ProblemCode.TASK_METHOD, "@Task on method '" + e.getSimpleName()
            + "' declares a task only inside a @Swarm interface; annotate " + e.getEnclosingElement().getSimpleName()
            + " with @Swarm or remove @Task", new Target(e, Mirrors.find(e, Annotations.TASK).orElse(null), null)));
      }
    }
    classes.forEach(this::processTaskClass);

    Set<String> swarms = new LinkedHashSet<>(deferredSwarms);
    deferredSwarms.clear();
    for (Element e : round.getElementsAnnotatedWith(swarm)) {
      AnnotationMirror mirror = Mirrors.find(e, Annotations.SWARM).orElseThrow();
      if (e.getKind() != ElementKind.INTERFACE) {
        reporter.report(new Finding(ProblemCode.SWARM_TARGET, "@Swarm is on " + e.getKind().toString()
            .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + e.getSimpleName()
            + "; declare a swarm as an interface whose abstract methods are its tasks", new Target(e, mirror, null)));
      } else if (!((TypeElement) e).getTypeParameters().isEmpty()) {
        reporter.report(new Finding(ProblemCode.SWARM_TARGET, "swarm interface " + e.getSimpleName()
            + " has type parameters; declare it without them", new Target(e, mirror, null)));
      } else {
        swarms.add(((TypeElement) e).getQualifiedName().toString());
      }
    }
    if (!dependentsChecked) {
      dependentsChecked = true;
      swarms.addAll(dependents(round));
    }
    swarms.forEach(this::processSwarm);

    if (swarmDefinition != null) {
      ElementFilter.typesIn(round.getRootElements()).forEach(this::findDefinitions);
    }
    return false;
  }

  private void processTaskClass(String qualifiedName) {
    TypeElement type = elements.getTypeElement(qualifiedName);
    if (type == null) {
      return;
    }
    try {
      if (hasUnresolvedSupertype(type)) {
        deferredClasses.add(qualifiedName);
        return;
      }
      Optional<TaskClasses.TaskClass> read = taskClasses.read(type);
      if (read.isEmpty()) {
        return;
      }
      List<Finding> findings = classChecks.check(read.get());
      reporter.report(findings);
      if (findings.stream().anyMatch(Finding::isError)) {
        brokenClasses.add(read.get().module().entryClass());
        return;
      }
      index.module(read.get().module(), read.get().defaults());
    } catch (Mirrors.Unreadable e) {
      brokenClasses.add(elements.getBinaryName(type).toString()); // javac reports the bad annotation value
    } catch (RuntimeException e) {
      reporter.internal(type, e);
    }
  }

  /**
   * Swarms an earlier compilation generated into this class output that use a task class compiled
   * now, when their own interface is not compiled now (an IDE or build tool recompiling only the
   * changed class): they are read again from their class files, so their manifests and classes
   * follow the task class.
   */
  private List<String> dependents(RoundEnvironment round) {
    List<String> out = new ArrayList<>();
    if (sourceTaskClasses.isEmpty()) {
      return out;
    }
    Set<String> compiledNow = new HashSet<>();
    ElementFilter.typesIn(round.getRootElements()).forEach(t -> compiledNow.add(elements.getBinaryName(t).toString()));
    earlierIndex().ifPresent(earlier -> earlier.swarms().values().forEach(entry -> {
      if (compiledNow.contains(entry.source())) {
        return;
      }
      Optional.ofNullable(earlierStates().get(entry.source())).ifPresent(state -> {
        TypeElement type = byBinaryName(entry.source());
        if (type != null && state.taskClasses().stream().anyMatch(sourceTaskClasses::contains)) {
          String name = type.getQualifiedName().toString();
          if (!recovered.containsKey(name)) {
            recovered.put(name, state.parameters());
            out.add(name);
            stale.beforeRegenerating(entry.generatedClass());
          }
        }
      });
    }));
    return out;
  }

  /** The index an earlier compilation left in this class output (read once): present in incremental builds. */
  private Optional<SwarmIndex> earlierIndex() {
    if (earlierIndex == null) {
      earlierIndex = IndexWriter.earlier(filer);
    }
    return earlierIndex;
  }

  /** The swarm states an earlier compilation left in this class output (read once). */
  private Map<String, SwarmState> earlierStates() {
    if (earlierStates == null) {
      earlierStates = SwarmState.readAll(filer);
    }
    return earlierStates;
  }

  private boolean hasUnresolvedSupertype(TypeElement type) {
    if (type.getSuperclass().getKind() == TypeKind.ERROR) {
      return true;
    }
    return type.getInterfaces().stream().anyMatch(i -> i.getKind() == TypeKind.ERROR);
  }

  private void processSwarm(String qualifiedName) {
    TypeElement type = elements.getTypeElement(qualifiedName);
    if (type == null) {
      return;
    }
    try {
      AnnotationMirror mirror = Mirrors.find(type, Annotations.SWARM).orElse(null);
      if (mirror == null) {
        return;
      }
      SwarmReader.Result read = reader.read(type, mirror, recovered.getOrDefault(qualifiedName, Map.of()));
      if (read.unresolved()) {
        deferredSwarms.add(qualifiedName);
        return;
      }
      SwarmModel model = read.model();
      List<Finding> findings = new ArrayList<>();
      String first = swarmNames.putIfAbsent(model.name(), qualifiedName);
      if (first != null && !first.equals(qualifiedName)) {
        findings.add(new Finding(ProblemCode.DUPLICATE_SWARM, "swarm name '" + model.name() + "' is already "
            + "declared by " + first + "; give each swarm its own name", read.sites().swarmTarget("name")));
      }
      SwarmGraph graph = model.toGraph();
      SwarmChecks.Checked checked = SwarmChecks.check(read, graph, sourceTaskClasses);
      findings.addAll(checked.findings());
      reporter.report(findings);
      boolean valid = checked.valid() && findings.stream().noneMatch(Finding::isError)
          && read.taskClasses().stream().noneMatch(c -> brokenClasses.contains(elements.getBinaryName(c).toString()));
      if (!valid) {
        return;
      }
      List<Element> originating = new ArrayList<>();
      originating.add(type);
      originating.addAll(read.taskClasses());
      manifests.writeSwarm(graph, originating.toArray(Element[]::new));
      swarmClasses.write(type, model, originating);
      // Every method in source order (a recovered swarm's recorded order), task methods with their parameters.
      Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
      recovered.getOrDefault(qualifiedName, Map.of()).keySet().forEach(m -> parameters.put(m, List.of()));
      ElementFilter.methodsIn(type.getEnclosedElements()).forEach(m -> parameters.putIfAbsent(m.getSimpleName().toString(), List.of()));
      model.tasks().forEach(t -> parameters.put(t.methodName(),
          t.upstream().stream().map(SwarmModel.Upstream::methodName).toList()));
      states.put(elements.getBinaryName(type).toString(), new SwarmState(model.name(),
          read.taskClasses().stream().map(c -> elements.getBinaryName(c).toString()).toList(), parameters));
      index.swarm(model.name(), SwarmClassGenerator.className(type, elements).reflectionName(),
          elements.getBinaryName(type).toString());
    } catch (Mirrors.Unreadable e) {
      // A malformed annotation value: javac reports it.
    } catch (IOException | RuntimeException e) {
      reporter.internal(type, e);
    }
  }

  private void findDefinitions(TypeElement type) {
    if (type.getKind() == ElementKind.CLASS && !type.getModifiers().contains(Modifier.ABSTRACT)
        && type.getModifiers().contains(Modifier.PUBLIC)
        && (type.getNestingKind() == NestingKind.TOP_LEVEL || type.getModifiers().contains(Modifier.STATIC))
        && !types.isSameType(types.erasure(type.asType()), swarmDefinition)
        && types.isSubtype(types.erasure(type.asType()), swarmDefinition) && hasPublicNoArgConstructor(type)) {
      index.definition(elements.getBinaryName(type).toString());
    }
    ElementFilter.typesIn(type.getEnclosedElements()).forEach(this::findDefinitions);
  }

  private static boolean hasPublicNoArgConstructor(TypeElement type) {
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
        return true;
      }
    }
    return false;
  }

  private void writeIndex() {
    try {
      IndexWriter.Written written = index.write(filer, new IndexWriter.Liveness() {
        @Override
        public boolean swarm(String name, String source) {
          TypeElement type = byBinaryName(source);
          return type != null && Mirrors.find(type, Annotations.SWARM)
              .map(m -> Mirrors.explicit(m).get("name"))
              .map(v -> name.equals(v.getValue()))
              .orElse(false);
        }

        @Override
        public boolean module(String taskClass) {
          TypeElement type = byBinaryName(taskClass);
          return type != null && Mirrors.find(type, Annotations.TASK).isPresent();
        }

        @Override
        public boolean definition(String className) {
          TypeElement type = byBinaryName(className);
          return type != null && swarmDefinition != null
              && types.isSubtype(types.erasure(type.asType()), swarmDefinition);
        }
      });
      stale.removeDropped(written.earlier(), written.merged());
      writeStates(written.merged());
    } catch (IOException | RuntimeException e) {
      reporter.internal(null, e);
    }
  }

  /**
   * Writes the one state file: the earlier states of interfaces that still declare a swarm in the
   * merged index, overwritten by this compilation's; nothing when that changes nothing.
   */
  private void writeStates(SwarmIndex merged) throws IOException {
    Set<String> liveSources = new HashSet<>();
    merged.swarms().values().forEach(s -> liveSources.add(s.source()));
    Map<String, SwarmState> earlier = earlierStates();
    Map<String, SwarmState> out = new java.util.TreeMap<>();
    earlier.forEach((source, state) -> {
      if (liveSources.contains(source)) {
        out.put(source, state);
      }
    });
    out.putAll(states);
    if (out.equals(earlier)) {
      return;
    }
    SwarmState.writeAll(filer, out);
  }

  /** The type of a binary name ({@code a.B$C}), or null when it no longer exists. */
  private TypeElement byBinaryName(String binaryName) {
    TypeElement type = elements.getTypeElement(binaryName.replace('$', '.'));
    if (type != null && elements.getBinaryName(type).contentEquals(binaryName)) {
      return type;
    }
    return null;
  }
}
