package dev.manta.samples.mapreduce;

import dev.manta.Global;
import dev.manta.Method;
import dev.manta.Swarm;
import dev.manta.Task;

/**
 * Word count as map/reduce: ten mappers ({@code mapper_0} … {@code mapper_9}), each counting the
 * part of the text its node holds, then one reducer that merges their counts into global
 * {@code counts} once every mapper has finished.
 */
@Swarm(name = "mapreduce_job")
public interface MapReduceJob {
  /** How many parts the text was split into (one per mapper). */
  @Global(Reducer.PARTS)
  default int parts() {
    return 10;
  }

  @Task(copies = 10)
  Mapper mapper();

  @Task(method = Method.ANY, maximum = 1)
  Reducer reducer(Mapper mapper);
}
