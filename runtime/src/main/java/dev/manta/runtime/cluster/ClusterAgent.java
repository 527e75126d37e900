package dev.manta.runtime.cluster;

import dev.manta.runtime.agent.Agent;
import dev.manta.runtime.agent.TaskFactories;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.Assignment;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent process of one module on one node: registers with the conductor (retrying while it is
 * not up yet), renews its lease every third of it, long-polls for offers and cancels, and runs each
 * offered instance on its own thread with the runtime's {@link Agent}, whose messages travel over
 * HTTP. When the conductor forgets its session (it was restarted, or the lease ran out), the agent
 * interrupts what it runs (those attempts are fenced off) and registers again.
 *
 * <p>{@link #run()} returns 0 when the conductor says the run ended, 1 on a fatal error (the
 * conductor refused the token, or stayed unreachable longer than {@link Config#giveUp()}).
 */
public final class ClusterAgent {
  private static final System.Logger LOG = System.getLogger(ClusterAgent.class.getName());

  /**
   * What an agent needs.
   *
   * @param conductor the conductor's base URL
   * @param token the deployment's token
   * @param node this node (its datasets as seen inside this process)
   * @param hostname the Docker node's hostname, for status and messages
   * @param module the binary name of the task class this agent runs
   * @param giveUp how long the conductor may stay unreachable (at start, or after a restart) before
   *     the agent gives up with exit code 1
   */
  public record Config(URI conductor, String token, NodeSpec node, String hostname, String module, Duration giveUp) {
    public Config {
      Objects.requireNonNull(conductor, "conductor");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(giveUp, "giveUp");
    }
  }

  private final Config config;
  private final AgentClient client;
  private final Agent agent;
  private final Map<Long, Thread> running = new ConcurrentHashMap<>();
  private volatile boolean reregister = true;
  private volatile boolean ended;
  private volatile boolean dead;
  private volatile String fatal;
  /**
   * How soon a heartbeat that failed is tried again. A heartbeat waits at most a heartbeat period
   * (a third of the lease) for its answer, so even when every connection hangs (packets of a
   * pooled connection dropped for a while, as while the overlay network reconverges after another
   * node's partition heals) a lease sees about three tries, each on a fresh connection, before it
   * runs out, instead of one try that waits out the whole lease.
   */
  static final Duration RETRY_HEARTBEAT = Duration.ofMillis(500);
  /**
   * The longest wait between two tries to register while the conductor does not answer yet (it is
   * usually still starting, as at deploy): short, so that an agent registers soon after the
   * conductor is up, and not zero, so that the agents' retries leave the CPU to the conductor.
   */
  static final Duration MAX_REGISTER_RETRY = Duration.ofMillis(250);
  /** The longest wait between two tries to reach a conductor that does not answer. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  /** What the poll loop's backoff waits on; {@link #gone} wakes it. */
  private final Object wake = new Object();
  private volatile long leaseMillis = 10_000;
  private volatile long lastContact = System.nanoTime();
  /** Heartbeats failed in a row, and when the first of them was sent (heartbeat thread only). */
  private int heartbeatFailures;
  private long failingSince;
  /** This agent process's id in its registrations (see {@link AgentProtocol.Registration}). */
  private final String incarnation = java.util.UUID.randomUUID().toString();

  public ClusterAgent(Config config, TaskFactories factories) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = new AgentClient(config.conductor(), config.token());
    this.agent = new Agent(config.node(), factories, client);
  }

  /** Runs until the conductor says the run ended (0) or a fatal error (1, with the reason on standard error). */
  public int run() {
    Thread beat = new Thread(this::heartbeats, "manta-agent-heartbeat");
    beat.setDaemon(true);
    long ack = 0;
    int failures = 0;
    try {
      while (true) {
        if (dead) {
          return 1;
        }
        if (fatal != null) {
          System.err.println("[Manta] agent of node " + config.node().id() + ": " + fatal);
          return 1;
        }
        if (ended) {
          say("INFO", "the run has ended; agent of node " + config.node().id() + " exits");
          return 0;
        }
        try {
          if (reregister) {
            fence();
            register();
            ack = 0;
            if (beat.getState() == Thread.State.NEW) {
              beat.start();
            }
            continue;
          }
          AgentProtocol.Items answer = client.poll(ack, HttpAgentTransport.MAX_POLL, () -> reregister);
          contact();
          failures = 0;
          for (AgentProtocol.Item item : answer.items()) {
            if (item.seq() <= ack) {
              continue; // sent again because our acknowledgement was lost: already handled
            }
            ack = item.seq();
            if (item.offer() != null) {
              start(item.offer());
            } else if (item.cancel() != null) {
              Thread t = running.get(item.cancel());
              if (t != null) {
                t.interrupt();
              }
            }
          }
          ended |= answer.ended();
        } catch (AgentClient.Gone e) {
          gone(e);
        } catch (AgentClient.Refused e) {
          fatal = e.getMessage();
        } catch (IOException e) {
          failures++;
          checkReachable(e);
          pause(failures);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("[Manta] agent of node " + config.node().id() + " was interrupted");
      return 1;
    } finally {
      beat.interrupt();
      fence();
    }
  }

  /** Registers, retrying with bounded backoff while the conductor is not up (or an old session still holds the id). */
  private void register() throws InterruptedException {
    NodeSpec node = config.node();
    AgentProtocol.Registration r = new AgentProtocol.Registration(node.id(), config.module(), config.hostname(),
        List.copyOf(node.datasets().keySet()), node.gpu(), incarnation);
    for (int attempt = 1; ; attempt++) {
      if (dead) {
        return;
      }
      try {
        AgentProtocol.Registered answer = client.register(r);
        leaseMillis = answer.leaseMillis();
        contact();
        synchronized (wake) {
          reregister = false;
        }
        ended |= answer.ended();
        say("INFO", "agent of module " + config.module() + " on node " + node.id() + " (host " + config.hostname()
            + ") registered");
        return;
      } catch (IOException e) {
        checkReachable(e);
        if (fatal != null) {
          return;
        }
        // Not pause(): that waits only while registered, so it would retry at once, in a loop that
        // takes the CPU the starting conductor needs.
        Thread.sleep(registerRetryMillis(attempt));
      } catch (AgentClient.Refused e) {
        fatal = e.getMessage();
        return;
      }
    }
  }

  private void heartbeats() {
    try {
      while (!dead && !ended && fatal == null) {
        Thread.sleep(heartbeatFailures == 0 ? heartbeatPeriodMillis() : heartbeatRetryMillis());
        if (reregister || dead) {
          continue;
        }
        long sent = System.nanoTime();
        try {
          AgentProtocol.Items answer = client.heartbeat(Duration.ofMillis(Math.max(1000, heartbeatPeriodMillis())));
          contact();
          ended |= answer.ended();
          heartbeatAnswered(sent);
        } catch (AgentClient.Gone e) {
          heartbeatAnswered(sent);
          gone(e);
        } catch (AgentClient.Refused e) {
          fatal = e.getMessage();
        } catch (IOException e) {
          heartbeatFailed(sent, e);
          checkReachable(e);
        }
      }
    } catch (InterruptedException e) {
      // the agent is ending
    }
  }

  /**
   * A heartbeat was answered: says so on standard error when it took longer than the heartbeat
   * period, or when heartbeats had failed before (with how long they failed), so that a node lost
   * for a silent lease can be told apart from one whose heartbeats were late or failing.
   */
  private void heartbeatAnswered(long sentNanos) {
    long now = System.nanoTime();
    long tookMillis = (now - sentNanos) / 1_000_000;
    if (heartbeatFailures > 0) {
      System.err.printf("[Manta] agent of node %s: heartbeats reach the conductor again after %d failed over %d ms%n",
          config.node().id(), heartbeatFailures, (now - failingSince) / 1_000_000);
      heartbeatFailures = 0;
    } else if (tookMillis > heartbeatPeriodMillis()) {
      System.err.printf("[Manta] agent of node %s: a heartbeat took %d ms to be answered (lease %d ms)%n",
          config.node().id(), tookMillis, leaseMillis);
    }
  }

  /**
   * A heartbeat failed: says so on standard error, with how long it waited, what failed and how the
   * conductor's address was found ({@link ConductorResolver}), for the first {@link #LOGGED_FAILURES} failures in a
   * row and every tenth after, so that a node lost for failed heartbeats shows whether they timed
   * out, were refused, or could not resolve the conductor's name.
   */
  private void heartbeatFailed(long sentNanos, IOException e) {
    int failure = ++heartbeatFailures;
    if (failure == 1) {
      failingSince = sentNanos;
    }
    if (failure <= LOGGED_FAILURES || failure % 10 == 0) {
      System.err.printf("[Manta] agent of node %s: heartbeat %d to %s failed after %d ms (%s); %s; trying again in"
          + " %d ms (lease %d ms, last answer from the conductor %d ms ago)%n", config.node().id(), failure,
          config.conductor(), (System.nanoTime() - sentNanos) / 1_000_000, e,
          client.lookupNote().isEmpty() ? "its address is in the URL" : client.lookupNote(),
          heartbeatRetryMillis(), leaseMillis, (System.nanoTime() - lastContact) / 1_000_000);
    }
  }

  /** How many failed heartbeats in a row are logged one by one (then every tenth). */
  static final int LOGGED_FAILURES = 5;

  /** A third of the lease: how often heartbeats go out, and how long one waits for its answer. */
  private long heartbeatPeriodMillis() {
    return Math.max(1, leaseMillis / 3);
  }

  /** How soon a failed heartbeat is tried again: {@link #RETRY_HEARTBEAT}, or the period if shorter. */
  private long heartbeatRetryMillis() {
    return Math.min(heartbeatPeriodMillis(), RETRY_HEARTBEAT.toMillis());
  }

  /** The session this agent holds now ({@code null} before it registered). */
  String session() {
    return client.session();
  }

  /**
   * The conductor refused a session: register again if it is the one this agent holds. A heartbeat
   * sent with the previous session and answered after the poll loop had registered again must not
   * make the agent register a second time: that would fence off the instances the new session was
   * just offered, and the conductor would refuse the second registration (409) until the new
   * session's lease ran out and the node counted as lost.
   */
  void gone(AgentClient.Gone e) {
    synchronized (wake) {
      // Checked and set under the lock that register() clears the flag under: a 410 about the
      // session this agent held a moment ago, read just before it registered again, must not
      // send the new session's heartbeats to sleep.
      if (!client.current(e)) {
        return;
      }
      reregister = true;
      wake.notifyAll();
    }
    client.abortPoll(); // a poll to a conductor that has gone may give no sign of it until its timeout
  }

  private void start(Assignment a) {
    Thread t = new Thread(() -> {
      try {
        agent.run(a);
      } catch (Throwable e) { // the task's own Throwables Agent reports; this is its claim failing (conductor gone)
        LOG.log(System.Logger.Level.WARNING, "instance " + a.instanceId() + " could not run: " + e);
      } finally {
        running.remove(a.token());
      }
    }, "manta-task-" + a.instanceId());
    t.setDaemon(true);
    running.put(a.token(), t);
    t.start();
  }

  /** Interrupts every running instance: its attempt belongs to a session that is gone. */
  private void fence() {
    List<Thread> threads = new ArrayList<>(running.values());
    threads.forEach(Thread::interrupt);
  }

  private void contact() {
    lastContact = System.nanoTime();
  }

  private void checkReachable(IOException e) {
    long silent = System.nanoTime() - lastContact;
    if (silent <= config.giveUp().toNanos()) {
      return;
    }
    long millis = config.giveUp().toMillis();
    String seconds = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    if (e instanceof AgentClient.Busy busy) {
      fatal = "the conductor at " + config.conductor() + " kept refusing this agent for " + seconds + ": "
          + busy.getMessage();
    } else {
      fatal = "conductor not reachable at " + config.conductor() + " for " + seconds + " (last error: " + e
          + "); check that the conductor service runs and that this node reaches its network";
    }
  }

  /** How long to wait after the {@code attempt}-th failed registration: 0.1 s, 0.2 s, then {@link #MAX_REGISTER_RETRY}. */
  static long registerRetryMillis(int attempt) {
    return Math.min(MAX_REGISTER_RETRY.toMillis(), 50L << Math.min(Math.max(attempt, 1), 3));
  }

  /**
   * Waits before trying again: 0.2 s after the first failure, doubling up to {@link #MAX_BACKOFF};
   * cut short when the heartbeat thread learns that the session is gone (the conductor is back).
   */
  private void pause(int attempt) throws InterruptedException {
    long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(attempt, 5));
    synchronized (wake) {
      if (!reregister) {
        wake.wait(millis);
      }
    }
  }

  private void say(String level, String text) {
    if (dead) {
      return;
    }
    System.err.println("[Manta] " + text);
    try {
      client.log(level, text);
    } catch (IOException | RuntimeException e) {
      // best effort: the line is on standard error
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills this agent (tests): no more heartbeats, polls or messages; {@link #run()} returns 1. */
  void die() {
    dead = true;
    client.die();
  }

  /** Exposed for tests: the node this agent runs for. */
  String nodeId() {
    return config.node().id();
  }
}
