package dev.manta.runtime.journal;

import java.nio.file.Path;

/** Another run holds the journal: two runs on one journal would both run the remaining work and corrupt it. */
public final class JournalLockedException extends JournalException {
  private static final long serialVersionUID = 1L;

  private final String holder;

  JournalLockedException(Path journal, Path lockFile, String holder) {
    super("journal " + journal + " is in use by another run: " + holder + " (lock " + lockFile + "). Wait for that"
        + " run to end or stop it, then resume; or give this run another journal (another outputDirectory)");
    this.holder = holder;
  }

  /** Who holds the lock, as its lock file says: process id, host and since when. */
  public String holder() {
    return holder;
  }
}
