package dev.manta.images;

import java.util.Objects;

/** Why an image could not be built or stored; the message says what to do. */
public final class ImageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure a caller may want to treat differently. */
  public enum Reason {
    /** The target is the Docker engine, and none answers. */
    NO_DOCKER,
    /** A registry (the target's or the base image's) cannot be reached. */
    REGISTRY_UNREACHABLE,
    /** The target registry refused the push (401/403). */
    PUSH_REFUSED,
    /** The base image's registry refused to hand it out (401/403). */
    BASE_IMAGE_REFUSED,
    /** The base image does not exist in its registry. */
    BASE_IMAGE_NOT_FOUND,
    /** A registry speaks only HTTP and insecure registries were not allowed. */
    INSECURE_REGISTRY,
    /** The input is wrong: a bad image reference, a missing file or class. */
    BAD_INPUT,
    /** Anything else; the message carries the cause. */
    FAILED
  }

  private final Reason reason;

  public ImageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public ImageException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
