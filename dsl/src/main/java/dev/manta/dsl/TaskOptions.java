package dev.manta.dsl;

import dev.manta.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Options of one task in the DSL: scheduling, placement, and packaging overrides of its module.
 * Each call returns this, so options chain: {@code t -> t.method(ALL).maximum(4)}. A task declared
 * by class starts from the class's {@link TaskDefaults}; each option set here overrides them.
 */
public final class TaskOptions {
  String alias;
  Method method = Method.ALL;
  Integer maximum;
  Double fraction;
  boolean fixed;
  List<String> specifiedIds = List.of();
  List<String> exceptedIds = List.of();
  String network = "";
  List<String> labels = List.of();
  Boolean gpu;
  String image;
  List<String> datasets;
  Double cpu;
  String memory;
  String timeout;

  /** Options starting from a task class's explicitly set defaults. */
  TaskOptions(TaskDefaults defaults) {
    if (defaults.method() != null) {
      method = defaults.method();
    }
    maximum = defaults.maximum();
    fraction = defaults.fraction();
    if (defaults.fixed() != null) {
      fixed = defaults.fixed();
    }
    if (defaults.specifiedIds() != null) {
      specifiedIds = defaults.specifiedIds();
    }
    if (defaults.exceptedIds() != null) {
      exceptedIds = defaults.exceptedIds();
    }
    if (defaults.network() != null) {
      network = defaults.network();
    }
    if (defaults.labels() != null) {
      labels = defaults.labels();
    }
  }

  public TaskOptions alias(String alias) {
    this.alias = alias;
    return this;
  }

  public TaskOptions method(Method method) {
    this.method = java.util.Objects.requireNonNull(method, "method");
    return this;
  }

  /** -1 for no cap, else at least 1. */
  public TaskOptions maximum(int maximum) {
    this.maximum = maximum;
    return this;
  }

  /** A fraction of the eligible nodes, in (0, 1]. */
  public TaskOptions fraction(double fraction) {
    this.fraction = fraction;
    return this;
  }

  public TaskOptions fixed(boolean fixed) {
    this.fixed = fixed;
    return this;
  }

  public TaskOptions specifiedIds(String... ids) {
    return specifiedIds(Arrays.asList(ids));
  }

  public TaskOptions specifiedIds(List<String> ids) {
    this.specifiedIds = List.copyOf(ids);
    return this;
  }

  public TaskOptions exceptedIds(String... ids) {
    return exceptedIds(Arrays.asList(ids));
  }

  public TaskOptions exceptedIds(List<String> ids) {
    this.exceptedIds = List.copyOf(ids);
    return this;
  }

  /**
   * Node labels the task's nodes must all carry, each {@code key=value} ({@code "zone=east"}); replaces
   * the class's. Locally matched against the nodes file's labels, on a cluster Docker node labels.
   */
  public TaskOptions labels(String... labels) {
    return labels(Arrays.asList(labels));
  }

  public TaskOptions labels(List<String> labels) {
    this.labels = List.copyOf(labels);
    return this;
  }

  public TaskOptions network(String network) {
    this.network = java.util.Objects.requireNonNull(network, "network");
    return this;
  }

  public TaskOptions gpu(boolean gpu) {
    this.gpu = gpu;
    return this;
  }

  /**
   * How long one instance may run before it is interrupted and ends {@code TIMED_OUT} (default: the
   * run's {@code taskTimeout}).
   */
  public TaskOptions timeout(java.time.Duration timeout) {
    this.timeout = dev.manta.graph.TaskTimeout.format(java.util.Objects.requireNonNull(timeout, "timeout"));
    return this;
  }

  /** The same as {@link #timeout(java.time.Duration)} in text: {@code "10m"}, {@code "90s"}, {@code "PT2H"}. */
  public TaskOptions timeout(String timeout) {
    this.timeout = java.util.Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Overrides the module's image for this task (the task then gets a module of its own). */
  public TaskOptions image(String image) {
    this.image = image;
    return this;
  }

  /** Overrides the module's datasets for this task (the task then gets a module of its own). */
  public TaskOptions datasets(String... datasets) {
    this.datasets = List.of(datasets);
    return this;
  }

  /** Overrides the module's resources for this task (the task then gets a module of its own). */
  public TaskOptions resources(double cpu, String memory) {
    this.cpu = cpu;
    this.memory = memory;
    return this;
  }
}
