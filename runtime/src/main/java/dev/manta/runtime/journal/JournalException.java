package dev.manta.runtime.journal;

/**
 * A journal that cannot be written or resumed; the message says which file and why. A journal
 * another run holds is the subclass {@link JournalLockedException}.
 */
public class JournalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
