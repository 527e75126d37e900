package dev.manta.graph;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link RawJson} keeps its private copies of large primitive arrays: packed into slabs of
 * about 8 MiB, which the JVM's collector (G1) allocates outside the young generation
 * (as humongous objects, with regions of up to 8 MiB: by default heaps under 32 GiB) and never copies. A run keeps every result of a round alive until its readers are done (and,
 * without a journal, for the whole run); as ordinary arrays those copies survive young
 * collection after young collection and are copied each time, which made most of a federated
 * round's pauses. Arrays under {@value #MIN_BYTES} bytes (cheap to copy) or over
 * {@value #MAX_BYTES} (large enough to waste a slab's tail) are ordinary clones.
 *
 * <p>A slab is freed by the collector once no slice of it is referenced; a slice kept long pins
 * its slab (at most one slab per such slice; slabs fill in time order, so the
 * values of one round share slabs and go together).
 */
final class Slabs {
  /**
   * Just under 8 MiB: with the array's header it still fits 4 regions of 2 MiB (or 2 of 4 MiB, 8 of
   * 1 MiB), where exactly 8 MiB would take one region more.
   */
  static final int SLAB_BYTES = (8 << 20) - 1024;
  static final int MIN_BYTES = 16 << 10;
  static final int MAX_BYTES = 512 << 10;

  /** A primitive array's elements in a slab: {@code length} elements of {@code type} from {@code offset}. */
  static final class Slice {
    final Class<?> type;
    private final Object slab;
    private final int offset;
    final int length;

    private Slice(Class<?> type, Object slab, int offset, int length) {
      this.type = type;
      this.slab = slab;
      this.offset = offset;
      this.length = length;
    }

    /**
     * A new array holding the elements (typed copies: the JIT then allocates the array without first
     * zeroing it, which a reflective {@code Array.newInstance} and {@code arraycopy} pair does not get).
     */
    Object copy() {
      return copyOfRange(slab, offset, offset + length);
    }
  }

  /**
   * One element type's slab being filled. A reservation is one atomic add on the current slab; when
   * it is full, one thread allocates the next (8 MiB: the allocation may have to wait for the
   * collector) while the others copy their values as ordinary arrays meanwhile instead of waiting
   * for it (waiting threads on 2 cores had rounds of a federated run stall for 100 ms at a time).
   */
  private static final class Filler {
    /** A slab and how many of its elements are reserved (may run past its capacity when full). */
    private record Current(Object slab, AtomicInteger used) { }

    private final Class<?> component;
    private final int elementBytes;
    private final int capacity;
    private volatile Current current;
    private final AtomicBoolean making = new AtomicBoolean();

    Filler(Class<?> component, int elementBytes) {
      this.component = component;
      this.elementBytes = elementBytes;
      this.capacity = SLAB_BYTES / elementBytes;
    }

    /**
     * Reserves {@code length} elements; returns the slab and sets {@code at[0]} to the offset, or
     * returns {@code null} while another thread makes the next slab.
     */
    Object reserve(int length, int[] at) {
      while (true) {
        Current c = current;
        if (c != null) {
          int start = c.used.getAndAdd(length);
          if (start >= 0 && start <= capacity - length) {
            at[0] = start;
            return c.slab();
          }
        }
        if (!making.compareAndSet(false, true)) {
          return null;
        }
        try {
          if (current != c) {
            continue; // another thread made one since: reserve in it
          }
          Current next = new Current(Array.newInstance(component, capacity), new AtomicInteger(length));
          current = next;
          at[0] = 0;
          return next.slab();
        } finally {
          making.set(false);
        }
      }
    }
  }

  private static final Filler DOUBLES = new Filler(double.class, 8);
  private static final Filler FLOATS = new Filler(float.class, 4);
  private static final Filler LONGS = new Filler(long.class, 8);
  private static final Filler INTS = new Filler(int.class, 4);

  private Slabs() {}

  /** Elements {@code from} to {@code to} of a {@code double[]}, {@code float[]}, {@code long[]} or {@code int[]}. */
  private static Object copyOfRange(Object array, int from, int to) {
    if (array instanceof double[] d) {
      return Arrays.copyOfRange(d, from, to);
    }
    if (array instanceof float[] f) {
      return Arrays.copyOfRange(f, from, to);
    }
    if (array instanceof long[] l) {
      return Arrays.copyOfRange(l, from, to);
    }
    return Arrays.copyOfRange((int[]) array, from, to);
  }

  /**
   * A private copy of {@code array} (a {@code double[]}, {@code float[]}, {@code long[]} or
   * {@code int[]}): a {@link Slice} when its size suits a slab, else a clone.
   */
  static Object keep(Object array) {
    Filler filler = array instanceof double[] ? DOUBLES : array instanceof float[] ? FLOATS
        : array instanceof long[] ? LONGS : array instanceof int[] ? INTS : null;
    if (filler == null) {
      throw new IllegalArgumentException("not a double[], float[], long[] or int[]: " + array.getClass());
    }
    int length = Array.getLength(array);
    long bytes = (long) length * filler.elementBytes;
    if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
      return copyOfRange(array, 0, length);
    }
    int[] at = new int[1];
    Object slab = filler.reserve(length, at);
    if (slab == null) {
      return copyOfRange(array, 0, length); // the next slab is being made: a private copy all the same
    }
    // The copy is made outside the filler's lock; nobody else writes these elements.
    System.arraycopy(array, 0, slab, at[0], length);
    return new Slice(array.getClass(), slab, at[0], length);
  }
}
