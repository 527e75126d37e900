package dev.manta.samples.networked;

import dev.manta.Driver;
import dev.manta.Global;
import dev.manta.Network;
import dev.manta.Swarm;
import dev.manta.Task;
import java.util.List;

/**
 * Two tasks on two declared networks: the back end joins {@code backend} (a bridge network) and
 * the front end, which runs after it, joins {@code frontend} (an overlay network).
 */
@Swarm(name = "networked", networks = {
    @Network(name = "backend", driver = Driver.BRIDGE),
    @Network(name = "frontend", driver = Driver.OVERLAY)})
public interface NetworkedSwarm {
  @Global(Backend.ORDERS)
  default List<Order> orders() {
    return Backend.SAMPLE_ORDERS;
  }

  @Task(network = "backend")
  Backend backend();

  @Task(network = "frontend")
  Frontend frontend(Backend backend);
}
