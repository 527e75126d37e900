package dev.manta.samples.networked;

import java.util.Objects;

/**
 * One order line: how many of an item were ordered.
 *
 * @param item the item's name
 * @param quantity how many, &ge; 0
 */
public record Order(String item, int quantity) {
  public Order {
    Objects.requireNonNull(item, "item");
    if (quantity < 0) {
      throw new IllegalArgumentException("order of '" + item + "' has quantity " + quantity + "; quantities are >= 0");
    }
  }
}
