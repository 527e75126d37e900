package dev.manta.runtime.agent;

import dev.manta.TaskBody;
import dev.manta.runtime.context.AgentTaskContext;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorLink;
import dev.manta.runtime.transport.Reply;
import java.util.Objects;

/**
 * The agent of one node and module: claims each instance offered to it, runs it on a new task
 * object, and reports how it ended, whatever the task throws (any {@link Throwable}). Holds no
 * thread of its own; the transport decides where {@link #run} executes.
 */
public final class Agent {
  private static final System.Logger LOG = System.getLogger(Agent.class.getName());
  private final NodeSpec node;
  private final TaskFactories factories;
  private final ConductorLink link;

  public Agent(NodeSpec node, TaskFactories factories, ConductorLink link) {
    this.node = Objects.requireNonNull(node, "node");
    this.factories = Objects.requireNonNull(factories, "factories");
    this.link = Objects.requireNonNull(link, "link");
  }

  public NodeSpec node() {
    return node;
  }

  /** Runs one offered instance to its end (unless the conductor cancels it at the claim). */
  public void run(Assignment assignment) {
    Reply claim = link.send(new AgentMessage.Claim(assignment.instanceId(), assignment.token()));
    if (!claim.ok() || claim.value() == null || !claim.value().asBoolean()) {
      return;
    }
    String error = null;
    try {
      TaskBody body = factories.create(assignment.entryClass());
      body.run(new AgentTaskContext(assignment, node, link));
    } catch (InterruptedException e) {
      error = describe(e);
    } catch (Throwable e) { // every Throwable ends the instance: OutOfMemoryError, ThreadDeath, anything
      error = describe(e);
    }
    // The task may have left the interrupt flag set; the report must still go out.
    boolean interrupted = Thread.interrupted();
    try {
      link.send(new AgentMessage.Ended(assignment.instanceId(), assignment.token(), error == null, error));
    } catch (Throwable e) {
      // The conductor learns of the end another way (its timeout, the node's lease); never lose the thread.
      LOG.log(System.Logger.Level.WARNING, "could not report the end of " + assignment.instanceId() + ": " + e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code ClassName: message}, with the first cause, for failure reports. */
  static String describe(Throwable t) {
    StringBuilder out = new StringBuilder(t.getClass().getName()).append(": ").append(t.getMessage());
    Throwable cause = t.getCause();
    if (cause != null && cause != t) {
      out.append(" (caused by ").append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(')');
    }
    return out.toString();
  }
}
