package dev.manta.runtime.node;

/** A nodes specification that cannot be used; the message names the file, the node and the fix. */
public final class NodeSpecException extends IllegalArgumentException {
  public NodeSpecException(String message) {
    super(message);
  }

  public NodeSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
