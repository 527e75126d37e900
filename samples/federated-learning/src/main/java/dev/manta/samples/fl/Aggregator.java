package dev.manta.samples.fl;

import dev.manta.Results;
import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.Map;

/** Averages this round's trained models, weighted by sample count, into the global model. */
@Task(method = Method.ANY, maximum = 1)
public final class Aggregator implements TaskBody {
  @Override
  public void run(TaskContext ctx) {
    Map<String, double[]> weights = ctx.results().select(FlGlobals.RESULT_WEIGHTS, double[].class);
    Map<String, Integer> samples = ctx.results().select(FlGlobals.RESULT_SAMPLES, Integer.class);
    double[] global = FedAvg.average(weights, samples);
    ctx.globals().set(FlGlobals.WEIGHTS, global);
    ctx.log().info("round %d: averaged the models of %d nodes %s (%d images)", ctx.world().iteration(),
        weights.size(), weights.keySet().stream().map(Results::nodeOf).toList(), samples.values().stream().mapToInt(Integer::intValue).sum());
  }
}
