package dev.manta.client;

import java.util.Objects;

/** Why a cluster operation failed; the message says what to do about it. */
public final class MantaClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure a caller may want to treat differently. */
  public enum Reason {
    /** No Docker engine answers at the configured address. */
    NO_DOCKER,
    /** The engine answers but is not a manager of a swarm ({@code docker swarm init} or another engine). */
    NOT_A_MANAGER,
    /** Docker objects labelled with this swarm's name exist already: undeploy it first. */
    ALREADY_DEPLOYED,
    /** A node could not pull a module's image (registry unreachable from it, image missing, not a digest). */
    IMAGE_PULL_FAILED,
    /** No node of the cluster can run a module (datasets, GPU, specified ids). */
    NO_ELIGIBLE_NODE,
    /** A service's task did not start within the bound (it was rejected, kept failing, or stayed pending). */
    START_FAILED,
    /** No Docker object of this swarm exists. */
    NOT_DEPLOYED,
    /** The conductor does not answer over HTTP (not started yet, restarting, or unreachable from here). */
    CONDUCTOR_UNREACHABLE,
    /** The conductor refused the token of this swarm (401): the token file does not belong to this deployment. */
    UNAUTHORIZED,
    /** The token of this swarm is not in the token directory (deployed from another machine or user). */
    NO_TOKEN,
    /** A bounded wait ran out. */
    TIMED_OUT,
    /** The deployment's input is wrong (manifest, images, parameters). */
    BAD_INPUT,
    /** Reading or writing a local file failed. */
    IO,
    /** Anything else the engine answered; the message carries its error. */
    DOCKER_ERROR
  }

  private final Reason reason;

  public MantaClientException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public MantaClientException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** What kind of failure this is. */
  public Reason reason() {
    return reason;
  }
}
