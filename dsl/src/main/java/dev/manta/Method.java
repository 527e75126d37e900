package dev.manta;

/** How a task picks the nodes it runs on. */
public enum Method {
  /** Every eligible node; {@code maximum} or {@code fraction} caps the count. */
  ALL,
  /** One eligible node; on failure it moves to another, up to {@code maximum} nodes tried. */
  ANY,
  /** Up to {@code maximum} (or {@code fraction} of) eligible nodes at once. */
  MAXIMUM,
  /** Exactly the nodes listed in {@code specifiedIds}. */
  FIXED,
  /**
   * The eligible nodes with the most free capacity for the module's {@code resources}: up to
   * {@code maximum} (or {@code fraction} of) them, 1 when neither is set. Capacity comes from the
   * nodes' declared {@code capacity}; a run where no node declares one is refused at launch.
   */
  BEST_RESOURCES
}
