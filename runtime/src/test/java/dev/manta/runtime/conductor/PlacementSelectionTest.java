package dev.manta.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The few-nodes fast path of placement chooses exactly what the stable sort by load chooses. */
class PlacementSelectionTest {
  @Test
  void leastLoadedIsTheStableSortsPrefix() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      int n = 1 + random.nextInt(40);
      List<String> ids = new ArrayList<>();
      Map<String, Integer> load = new HashMap<>();
      for (int i = 0; i < n; i++) {
        String id = "node-" + i;
        ids.add(id);
        int l = random.nextInt(4) - 1; // -1: no entry (load 0)
        if (l >= 0) {
          load.put(id, l);
        }
      }
      java.util.Collections.shuffle(ids, random);
      int count = 1 + random.nextInt(Math.min(8, n));
      List<String> sorted = new ArrayList<>(ids);
      sorted.sort(Comparator.comparingInt(id -> load.getOrDefault(id, 0)));
      assertEquals(sorted.subList(0, count), Placement.leastLoaded(ids, count, load), "round " + round);
    }
  }
}
