package com.example.tally;

import dev.manta.Method;
import dev.manta.dsl.Flow;
import dev.manta.dsl.SwarmDefinition;
import dev.manta.dsl.TaskNode;

/** The tally written as a SwarmDefinition, with a mistake the compiler cannot see: maximum(0). */
public final class Checked extends SwarmDefinition {
  public Checked() {
    super("checked");
    setGlobal(Count.SCALE, 1);
  }

  @Override
  protected Flow execute() {
    TaskNode count = task(Count.class, t -> t.method(Method.ALL).alias("count"));
    TaskNode sum = task(Sum.class, t -> t.maximum(0).alias("sum"));
    return sum.after(count);
  }
}
