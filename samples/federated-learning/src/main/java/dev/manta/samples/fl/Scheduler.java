package dev.manta.samples.fl;

import dev.manta.Method;
import dev.manta.Task;
import dev.manta.TaskBody;
import dev.manta.TaskContext;
import dev.manta.Results;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Ends the round: when the {@link StoppingRule} says so it records the round count and schedules
 * nothing, so the swarm completes; otherwise it schedules the next round on this round's trainers.
 */
@Task(method = Method.ANY, maximum = 1)
public final class Scheduler implements TaskBody {
  /** The alias of the trainers in {@link FederatedLearning}. */
  static final String TRAINERS = "trainers";

  @Override
  public void run(TaskContext ctx) {
    StoppingRule rule = new StoppingRule(ctx.globals().get(FlGlobals.ACCURACY_THRESHOLD, Double.class),
        ctx.globals().get(FlGlobals.MAX_ROUNDS, Integer.class));
    int round = ctx.world().iteration();
    double accuracy = ctx.globals().get(FlGlobals.ACCURACY, Double.class);
    if (rule.done(round, accuracy)) {
      ctx.globals().set(FlGlobals.ROUNDS, round);
      String why = accuracy >= rule.threshold() ? "reached the threshold " + rule.threshold()
          : "hit the round limit " + rule.maxRounds() + " below the threshold " + rule.threshold();
      ctx.log().info("finished after %d rounds: accuracy %.4f %s", round, accuracy, why);
      return;
    }
    // Result keys are <alias>/<node>: the next round runs on the nodes that trained in this one.
    Set<String> trainers = ctx.results().select(FlGlobals.RESULT_WEIGHTS, double[].class).keySet().stream()
        .map(Results::nodeOf).collect(Collectors.toCollection(TreeSet::new));
    ctx.world().scheduleNextIteration(trainers, TRAINERS);
    ctx.log().info("round %d: accuracy %.4f below %.2f, next round on %s", round, accuracy, rule.threshold(), trainers);
  }
}
