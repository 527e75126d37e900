package dev.manta.runtime.journal;

/** A journal that cannot be written or resumed; the message says which file and why. */
public final class JournalException extends RuntimeException {
  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
