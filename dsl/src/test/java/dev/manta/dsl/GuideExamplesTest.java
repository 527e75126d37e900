package dev.manta.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manta.Condition;
import dev.manta.Driver;
import dev.manta.Method;
import dev.manta.fixtures.GuideExamples;
import dev.manta.fixtures.Trainer;
import dev.manta.graph.Edge;
import dev.manta.graph.Json;
import dev.manta.graph.ModuleSpec;
import dev.manta.graph.NetworkSpec;
import dev.manta.graph.ResourceSpec;
import dev.manta.graph.SwarmGraph;
import dev.manta.graph.TaskSpec;
import dev.manta.validation.GraphValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The guide's examples, built with {@link Swarms#define} and with {@link SwarmDefinition}. */
class GuideExamplesTest {

  static Stream<Arguments> examples() {
    Map<String, SwarmDefinition> definitions = GuideExamples.definitions();
    return GuideExamples.dslGraphs().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue(), definitions.get(e.getKey())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void dslAndDefinitionGiveEqualGraphs(String name, SwarmGraph dsl, SwarmDefinition definition) {
    SwarmGraph fromClass = definition.prepareGraph();
    assertEquals(dsl, fromClass);
    assertEquals(definition.getClass().getName(), fromClass.sourceClass());
    assertEquals(name, fromClass.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsValid(String name, SwarmGraph dsl, SwarmDefinition definition) {
    assertEquals(List.of(), GraphValidator.validate(dsl));
  }

  @Test
  void preparingADefinitionTwiceGivesTheSameGraph() {
    SwarmDefinition d = new GuideExamples.DynamicWorkers();
    assertEquals(d.prepareGraph(), d.prepareGraph());
  }

  @Test
  void federatedLearningHasTrainersThenAggregatorThenScheduler() {
    SwarmGraph g = GuideExamples.federatedLearning();
    TaskSpec trainers = g.task("trainers").orElseThrow();
    TaskSpec aggregator = g.task("aggregator").orElseThrow();
    TaskSpec scheduler = g.task("scheduler").orElseThrow();

    assertEquals(Method.ALL, trainers.method());
    assertEquals(-1, trainers.effectiveMaximum());
    assertEquals(Method.ANY, aggregator.method());
    assertEquals(1, aggregator.maximum());
    assertEquals(Method.ANY, scheduler.method());
    assertEquals(1, scheduler.maximum());
    assertEquals(List.of(new Edge("trainers", Condition.FINISHED)), aggregator.upstream());
    assertEquals(List.of(new Edge("aggregator", Condition.FINISHED)), scheduler.upstream());
    assertEquals(List.of("scheduler"), g.sinks());
    assertEquals(List.of("trainers", "aggregator", "scheduler"), g.topologicalOrder());
    assertEquals(Json.mapper().valueToTree(10), g.global("epochs").orElseThrow().value());
  }

  @Test
  void trainerModuleComesFromItsDescriptor() {
    ModuleSpec trainer = GuideExamples.federatedLearning().module("trainer").orElseThrow();
    assertEquals(new ModuleSpec("trainer", Trainer.class.getName(), "eclipse-temurin:17-jre", List.of("digits"),
        new ResourceSpec(2, "4Gi"), false), trainer);
    ModuleSpec aggregator = GuideExamples.federatedLearning().module("aggregator").orElseThrow();
    assertEquals(ModuleSpec.of(dev.manta.fixtures.Aggregator.class.getName()), aggregator);
  }

  @Test
  void mapReduceHasTenMappersFeedingOneReducer() {
    SwarmGraph g = GuideExamples.mapReduce();
    List<String> mappers = IntStream.range(0, 10).mapToObj(i -> "mapper_" + i).toList();
    List<String> aliases = g.tasks().stream().map(TaskSpec::alias).toList();
    assertEquals(Stream.concat(mappers.stream(), Stream.of("reducer")).toList(), aliases);
    assertEquals(mappers, g.task("reducer").orElseThrow().upstreamAliases());
    assertTrue(g.tasks().stream().filter(t -> t.alias().startsWith("mapper_"))
        .allMatch(t -> t.module().equals("mapper") && t.upstream().isEmpty()));
    assertEquals(List.of("reducer"), g.sinks());
    assertEquals(2, g.modules().size(), "ten mappers share one module");
  }

  @Test
  void dynamicWorkersTakeTheirCountFromTheGlobalDefault() {
    SwarmGraph g = GuideExamples.dynamicWorkers(Map.of());
    assertEquals(List.of("worker_0", "worker_1", "worker_2", "worker_3", "worker_4"),
        g.task("aggregator").orElseThrow().upstreamAliases());
    assertEquals(5, g.global("num_workers").orElseThrow().value().intValue());
  }

  @Test
  void launchTimeOverrideChangesTheWorkerCount() {
    SwarmGraph g = GuideExamples.dynamicWorkers(Map.of("num_workers", 3));
    assertEquals(List.of("worker_0", "worker_1", "worker_2", "aggregator"),
        g.tasks().stream().map(TaskSpec::alias).toList());
    assertEquals(3, g.global("num_workers").orElseThrow().value().intValue());
    assertEquals(List.of(), GraphValidator.validate(g));
  }

  @Test
  void launchTimeOverrideIsConvertedToTheDefaultsType() {
    SwarmGraph g = GuideExamples.dynamicWorkers(Map.of("num_workers", "2"));
    assertEquals(3, g.tasks().size());
    assertTrue(g.global("num_workers").orElseThrow().value().isInt());
  }

  @Test
  void definitionTakesTheSameLaunchTimeOverride() {
    SwarmDefinition d = new GuideExamples.DynamicWorkers();
    assertEquals(GuideExamples.dynamicWorkers(Map.of("num_workers", 3)), d.prepareGraph(Map.of("num_workers", 3)));
    assertEquals(GuideExamples.dynamicWorkers(Map.of()), d.prepareGraph(), "an override does not stick");
  }

  @Test
  void overrideReplacesAGlobalSetInTheConstructor() {
    SwarmGraph g = new GuideExamples.FederatedLearning().prepareGraph(Map.of("epochs", 3));
    assertEquals(3, g.global("epochs").orElseThrow().value().intValue());
    assertEquals(32, g.global("batch_size").orElseThrow().value().intValue());
  }

  @Test
  void networkedSwarmDeclaresBothNetworksAndPutsTasksOnThem() {
    SwarmGraph g = GuideExamples.networked();
    assertEquals(List.of(new NetworkSpec("backend", Driver.BRIDGE), new NetworkSpec("frontend", Driver.OVERLAY)),
        g.networks());
    assertEquals("backend", g.task("backend_task").orElseThrow().network());
    assertEquals("frontend", g.task("frontend_task").orElseThrow().network());
  }

  @Test
  void statefulGlobalsKeepWeightsAndHyperparameters() {
    SwarmGraph g = GuideExamples.stateful();
    JsonNode weights = g.global("model_weights").orElseThrow().value();
    assertTrue(weights.isArray());
    assertEquals(4, weights.size());
    assertEquals(-0.5, weights.get(2).doubleValue());
    assertEquals("double[]", g.global("model_weights").orElseThrow().javaType());
    JsonNode hyper = g.global("hyperparameters").orElseThrow().value();
    assertEquals(0.01, hyper.get("learning_rate").doubleValue());
    assertEquals(0.9, hyper.get("momentum").doubleValue());
    assertEquals(List.of("learning_rate", "momentum"), List.copyOf(iterable(hyper.fieldNames())),
        "map keys are written sorted");
    assertEquals(List.of("hyperparameters", "model_weights"),
        g.globals().stream().map(dev.manta.graph.GlobalSpec::name).toList());
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
