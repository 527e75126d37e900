package dev.manta.samples.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FedAvgTest {
  @Test
  void averageIsWeightedBySampleCount() {
    double[] avg = FedAvg.average(
        Map.of("a", new double[] {1, 10}, "b", new double[] {4, 40}),
        Map.of("a", 1, "b", 2));
    assertArrayEquals(new double[] {3, 30}, avg, 1e-12);
  }

  @Test
  void aNodeWithoutSamplesDoesNotCount() {
    double[] avg = FedAvg.average(
        Map.of("a", new double[] {1}, "b", new double[] {100}),
        Map.of("a", 5, "b", 0));
    assertArrayEquals(new double[] {1}, avg, 1e-12);
  }

  @Test
  void mismatchesAreClearErrors() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> FedAvg.average(Map.of("a", new double[] {1}), Map.of()));
    assertTrue(e.getMessage().contains("no sample count"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FedAvg.average(Map.of("a", new double[] {1}, "b", new double[] {1, 2}), Map.of("a", 1, "b", 1)));
    assertTrue(e.getMessage().contains("same model"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FedAvg.average(Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("nothing to average"), e.getMessage());
  }

  @Test
  void softmaxRejectsWeightsOfTheWrongShape() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxRegression.accuracy(new double[3], DigitsCsv.bundled()));
    assertTrue(e.getMessage().contains("650"), e.getMessage());
  }
}
