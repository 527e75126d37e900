package com.example.cluster;

import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.nio.file.Files;

/** Reads dataset {@code digits} of its node: publishes result {@code size}, its byte count, keyed by node. */
@Task(datasets = "digits")
public final class Reader implements TaskBody {
  @Override
  public void run(TaskContext ctx) throws Exception {
    ctx.results().add("size", ctx.world().nodeId() + ":" + Files.size(ctx.local().path("digits")));
  }
}
