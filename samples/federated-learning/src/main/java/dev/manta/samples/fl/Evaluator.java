package dev.manta.samples.fl;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import java.util.Arrays;

/**
 * Measures the global model on the held-out test set (dataset {@code digits-test}), sets global
 * {@code accuracy} and appends it to global {@code history}.
 */
@Task(method = Method.ANY, maximum = 1, datasets = DigitsPartitioner.TEST_DATASET)
public final class Evaluator implements TaskBody {
  @Override
  public void run(TaskContext ctx) throws Exception {
    Digits test = DigitsData.read(ctx.local(), DigitsPartitioner.TEST_DATASET);
    double[] global = ctx.globals().get(FlGlobals.WEIGHTS, double[].class);
    double accuracy = SoftmaxRegression.accuracy(global, test);
    double[] history = ctx.globals().find(FlGlobals.HISTORY, double[].class).orElse(new double[0]);
    double[] longer = Arrays.copyOf(history, history.length + 1);
    longer[history.length] = accuracy;
    ctx.globals().set(FlGlobals.ACCURACY, accuracy);
    ctx.globals().set(FlGlobals.HISTORY, longer);
    int round = ctx.world().iteration();
    ctx.log().info("round %d accuracy %.4f (%d test images)", round, accuracy, test.size());
  }
}
