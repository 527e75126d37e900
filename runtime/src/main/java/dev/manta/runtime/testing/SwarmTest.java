package dev.manta.runtime.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs swarms locally in JUnit 5 tests: test methods may take a {@link SwarmTester} parameter.
 * On a method it overrides the one on the class.
 *
 * <pre>{@code
 * @SwarmTest(nodes = 4, seed = 1)
 * class MapReduceTest {
 *   @Test void sums(SwarmTester swarm) {
 *     RunReport r = swarm.run(MantaMapReduce.class, Map.of()).requireCompleted();
 *     assertEquals(10, r.global("total", Integer.class));
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SwarmTestExtension.class)
public @interface SwarmTest {
  /** How many identical nodes, {@code node-1 … node-N}; ignored when {@link #nodesFile} is set. */
  int nodes() default 4;

  /** A JSON or YAML nodes file, relative to the working directory (the module's folder under Maven). */
  String nodesFile() default "";

  /** The seed of node choices. */
  long seed() default 0;

  /** How many instances run at once. */
  int parallelism() default 16;
}
