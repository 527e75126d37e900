package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user reads when the swarm they name is not on the cluster. */
class DockerObjectsTest {
  @Test
  void aSwarmThatIsNotDeployedListsTheDeployedOnesAndTheCloseName() {
    assertEquals("swarm 'fl_experimnt' is not deployed on this cluster (no Docker object labelled "
        + "manta.swarm=fl_experimnt); did you mean 'fl_experiment'? deployed swarms: fl_experiment, tally",
        DockerObjects.notDeployed("fl_experimnt", new TreeSet<>(List.of("tally", "fl_experiment"))));
    assertEquals("swarm 'zzz' is not deployed on this cluster (no Docker object labelled manta.swarm=zzz); "
        + "deployed swarms: fl_experiment", DockerObjects.notDeployed("zzz", new TreeSet<>(List.of("fl_experiment"))));
    assertEquals("swarm 'zzz' is not deployed on this cluster (no Docker object labelled manta.swarm=zzz); "
        + "no swarm is deployed", DockerObjects.notDeployed("zzz", new TreeSet<>()));
  }
}
