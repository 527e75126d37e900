package dev.manta.images;

import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import java.util.function.Consumer;

/** Adds up Jib's progress events and reports each further quarter of the work done. */
final class ProgressCounter implements Consumer<ProgressEvent> {
  private final String what;
  private final Consumer<String> sink;
  private double done;
  private int reportedQuarters;

  ProgressCounter(String what, Consumer<String> sink) {
    this.what = what;
    this.sink = sink;
  }

  @Override
  public synchronized void accept(ProgressEvent event) {
    Allocation a = event.getAllocation();
    done += a.getFractionOfRoot() * event.getUnits() / Math.max(1, a.getAllocationUnits());
    int quarters = (int) Math.floor(Math.min(1.0, done) * 4 + 1e-9);
    if (quarters > reportedQuarters) {
      reportedQuarters = quarters;
      sink.accept(what + ": " + (quarters * 25) + "% done");
    }
  }
}
