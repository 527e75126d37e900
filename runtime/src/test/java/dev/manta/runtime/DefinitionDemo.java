package dev.manta.runtime;

import dev.manta.Method;
import dev.manta.dsl.Flow;
import dev.manta.dsl.SwarmDefinition;

/** A swarm written as a definition class, listed in the test index. */
public final class DefinitionDemo extends SwarmDefinition {
  public DefinitionDemo() {
    super("definition_demo");
    setGlobal("epochs", 3);
  }

  @Override
  protected Flow execute() {
    var a = task(Fixtures.A.class, t -> t.alias("a").method(Method.ALL));
    var b = task(Fixtures.B.class, t -> t.alias("b").method(Method.ANY));
    return b.after(a);
  }
}
