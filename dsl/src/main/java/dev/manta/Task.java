package dev.manta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a class implementing {@link TaskBody}: declares a module (code, packaging and default
 * placement). On an abstract method of a {@link Swarm} interface: declares one task of the graph,
 * overriding the class's defaults with the attributes it sets explicitly.
 *
 * <p>Numeric attributes left at their default mean "not set": {@code maximum = 0} takes the
 * method's default (1 node tried for {@link Method#ANY}, 1 node for {@link Method#BEST_RESOURCES}, no
 * cap otherwise), {@code fraction = 0}
 * means no fraction. Explicitly set, {@code maximum} must be -1 (no cap) or at least 1, and
 * {@code fraction} lies in (0, 1]; not both.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Task {
  /**
   * How the task picks nodes. The default is {@link Method#ALL} with no cap, as in the original
   * SDK: a task that sets no method runs on every eligible node. Set {@link Method#ANY} for a task
   * that must run once (an aggregator, a reducer, a scheduler).
   */
  Method method() default Method.ALL;

  int maximum() default 0;

  double fraction() default 0;

  /** Keep the nodes of this task's first iteration in every later iteration. */
  boolean fixed() default false;

  String[] specifiedIds() default {};

  String[] exceptedIds() default {};

  /**
   * Node labels the task's nodes must all carry, each {@code key=value} ({@code "zone=east"}).
   * Matched against the nodes' labels (the nodes file locally, Docker node labels on a cluster).
   */
  String[] labels() default {};

  /** A network declared by the swarm; empty for none. */
  String network() default "";

  boolean gpu() default false;

  /** The task's name in the graph; defaults to the method name (or the class name, snake_case). */
  String alias() default "";

  /** Declares {@code alias_0 … alias_{n-1}}; 1 declares just {@code alias}. */
  int copies() default 1;

  /**
   * How long one instance may run: a whole number with a unit ({@code "90s"}, {@code "10m"},
   * {@code "2h"}) or an ISO-8601 duration ({@code "PT10M"}). Past it the instance is interrupted and
   * ends {@code TIMED_OUT}, handled like a failure. Empty: the run's default
   * ({@code -Dmanta.taskTimeout}, else 1 hour).
   */
  String timeout() default "";

  /** The container image the module runs in. */
  String image() default "eclipse-temurin:17-jre";

  /** Dataset names every node running this task must hold. */
  String[] datasets() default {};

  Resources resources() default @Resources;
}
