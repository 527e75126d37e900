package dev.manta.samples.fl;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;

/**
 * One node's part of a round: trains the global model on the node's own digits for a few epochs
 * and publishes the new weights with the number of images they were trained on.
 */
@Task(method = Method.ALL, datasets = DigitsPartitioner.TRAIN_DATASET)
public final class Trainer implements TaskBody {
  @Override
  public void run(TaskContext ctx) throws Exception {
    Digits local = DigitsData.read(ctx.local(), DigitsPartitioner.TRAIN_DATASET);
    double[] global = ctx.globals().get(FlGlobals.WEIGHTS, double[].class);
    SoftmaxRegression.Hyperparameters h = FlGlobals.hyperparameters(ctx.globals());
    long seed = FedAvg.localSeed(ctx.globals().get(FlGlobals.SEED, Long.class), ctx.world().nodeId(),
        ctx.world().iteration());
    double[] trained = SoftmaxRegression.train(global, local, h, seed);
    ctx.results().add(FlGlobals.RESULT_WEIGHTS, trained);
    ctx.results().add(FlGlobals.RESULT_SAMPLES, local.size());
    ctx.log().info("round %d: trained on %d images, local loss %.4f", ctx.world().iteration(), local.size(),
        SoftmaxRegression.loss(trained, local));
  }
}
