package dev.manta.graph;

import java.util.List;
import java.util.Objects;

/**
 * A module: the code a task runs plus its packaging.
 *
 * @param name the module's name (a {@link Names} name; derived from the class by default)
 * @param entryClass the binary name of the class implementing {@link dev.manta.TaskBody}
 * @param image the container image reference
 * @param datasets dataset names a node must hold to run it
 * @param resources per-instance reservation
 * @param gpu whether its nodes need a GPU by default
 */
public record ModuleSpec(
    String name,
    String entryClass,
    String image,
    List<String> datasets,
    ResourceSpec resources,
    boolean gpu) {

  public static final String DEFAULT_IMAGE = "eclipse-temurin:17-jre";

  public ModuleSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(entryClass, "entryClass");
    Objects.requireNonNull(image, "image");
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(resources, "resources");
  }

  /** A module for {@code entryClass} with every default. */
  public static ModuleSpec of(String entryClass) {
    return new ModuleSpec(defaultName(entryClass), entryClass, DEFAULT_IMAGE, List.of(),
        ResourceSpec.DEFAULT, false);
  }

  /** {@code com.acme.FlTrainer} → {@code fl_trainer}; nested {@code Outer$Inner} → {@code outer_inner}. */
  public static String defaultName(String entryClass) {
    String simple = entryClass.substring(entryClass.lastIndexOf('.') + 1).replace('$', '_');
    return Names.snakeCase(simple).replaceAll("__+", "_");
  }

  public ModuleSpec withName(String newName) {
    return new ModuleSpec(newName, entryClass, image, datasets, resources, gpu);
  }
}
