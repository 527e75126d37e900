package dev.manta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a default method of a {@link Swarm} interface: a computed global, evaluated when the swarm is
 * launched. Its return type must be writable as JSON (primitives, strings, enums, arrays, lists,
 * maps with string keys, records of those).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Global {
  String value();
}
