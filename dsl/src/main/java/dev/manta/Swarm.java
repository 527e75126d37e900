package dev.manta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a swarm: an interface whose abstract methods are its tasks. Each method's parameters
 * name the upstream tasks (by method name), and their types must be those tasks' classes.
 *
 * <pre>{@code
 * @Swarm(name = "fl_experiment")
 * public interface FederatedLearning {
 *   @Task(method = Method.ALL) Trainer trainers();
 *   @Task(method = Method.ANY, maximum = 1) Aggregator aggregator(Trainer trainers);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Swarm {
  /** The swarm's name; it becomes part of Docker object names: see {@link dev.manta.graph.Names}. */
  String name();

  Network[] networks() default {};

  /** Upper bound on iterations, against runaway loops. */
  int maxIterations() default 100;
}
