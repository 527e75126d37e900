package dev.manta.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manta.Condition;
import dev.manta.Method;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.graph.SwarmGraph;
import dev.manta.manifest.Manifest;
import dev.manta.manifest.ManifestCodec;
import dev.manta.validation.GraphValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static final class A implements TaskBody { public void run(TaskContext c) {} }
  static final class B implements TaskBody { public void run(TaskContext c) {} }

  @Test
  void diamond() {
    SwarmGraph g = Swarms.define("d", s -> {
      var a = s.task(A.class, t -> t.alias("a"));
      var b = s.task(B.class, t -> t.alias("b"));
      var c = s.task(B.class, t -> t.alias("c"));
      var d = s.task(A.class, t -> t.alias("d").method(Method.ALL));
      s.flow(d.after(b.after(a), c.after(Condition.RESULT, a)));
    });
    System.out.println(GraphValidator.validate(g));
    System.out.println(ManifestCodec.writeString(Manifest.of(g)));
    assertEquals(List.of("a", "b", "c", "d"), g.topologicalOrder());
  }
}
