package dev.manta;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A network the swarm declares; tasks join it with {@code @Task(network = "name")}. */
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Network {
  /** Becomes part of a Docker network name: see {@link dev.manta.graph.Names}. */
  String name();

  Driver driver() default Driver.OVERLAY;
}
