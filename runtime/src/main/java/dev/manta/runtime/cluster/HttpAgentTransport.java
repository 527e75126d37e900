package dev.manta.runtime.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manta.runtime.node.NodeSpec;
import dev.manta.runtime.transport.AgentMessage;
import dev.manta.runtime.transport.AgentTransport;
import dev.manta.runtime.transport.Assignment;
import dev.manta.runtime.transport.ConductorEndpoint;
import dev.manta.runtime.transport.Leases;
import dev.manta.runtime.transport.Messages;
import dev.manta.runtime.transport.Reply;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster transport: agents in other processes (containers on other machines) reach the
 * conductor over HTTP/JSON, under {@link ClusterLayout#AGENT_PATH}. The conductor never calls an
 * agent; agents register, renew their lease by heartbeat, long-poll for offers and cancels, and
 * send their {@link AgentMessage}s. See docs/cluster.md, "Conductor and agents".
 *
 * <ul>
 *   <li>{@code register}: node id, module (the task class), hostname, datasets, GPU → a random
 *       128-bit session. While the agent of that node and module holds a live lease under another
 *       session: 409, unless the registration comes from the same agent process (the same
 *       {@code agent} id) and that session was never polled (the answer to its registration was
 *       lost): then the new session takes over what was queued for the earlier one. A node that was
 *       lost may register again: a new session, and the conductor hears it joined.</li>
 *   <li>{@code heartbeat}: renews the session's lease; an unknown or superseded session gets 410,
 *       and the agent registers again.</li>
 *   <li>{@code poll}: returns the offers and cancels for that session after the acknowledged
 *       sequence number, waiting at most {@link #MAX_POLL}; an unacknowledged item is sent again,
 *       and the agent skips what it has seen, so nothing is lost or run twice.</li>
 *   <li>{@code message}: an agent message, answered by the conductor on behalf of the session's
 *       node only (a node cannot speak for another: the conductor refuses a message about another
 *       node's instance, and a stale attempt token). JSON, or for results a {@link ResultFrames
 *       frame}: an {@code add-result} whose value's bytes follow its envelope, and a select answered
 *       with the stored values' bytes, when the agent asks for it.</li>
 *   <li>{@code log}: a line of the agent process itself.</li>
 * </ul>
 *
 * A session whose lease is not renewed is removed at most {@code 1.25 × lease} after its last
 * heartbeat, and its node is reported lost. After {@link #close()} (the run ended) polls and
 * heartbeats answer {@code "ended": true} and agents exit; the HTTP server keeps serving until
 * {@link #shutdown()} (or, for the conductor process, until it is stopped).
 */
public final class HttpAgentTransport implements AgentTransport {
  /** The longest a poll waits for an item. */
  public static final Duration MAX_POLL = Duration.ofSeconds(20);

  private static final System.Logger LOG = System.getLogger(HttpAgentTransport.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private record AgentKey(String node, String module) {}

  private final HttpEndpoints server;
  private final boolean ownsServer;
  private final Leases leases;
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<AgentKey, Session> byAgent = new HashMap<>();
  /** Nodes with a session whose lease ran out, until one of their agents registers again. */
  private final Set<String> lost = new HashSet<>();
  private final ScheduledExecutorService checker;
  private volatile ConductorEndpoint conductor;
  private volatile boolean ended;
  private volatile Consumer<String> taskLog = line -> { };

  /**
   * A transport with its own HTTP server on {@code address} (port 0: a free one, see {@link #port()}),
   * answering requests that bear {@code token}, with leases of {@code lease}. Agents may register
   * at once; {@link #shutdown()} stops the server.
   */
  public static HttpAgentTransport listen(InetSocketAddress address, String token, Duration lease) {
    HttpAgentTransport transport = new HttpAgentTransport(new HttpEndpoints(address, token), lease, true);
    transport.server.start();
    return transport;
  }

  HttpAgentTransport(HttpEndpoints server, Duration lease, boolean ownsServer) {
    this.server = Objects.requireNonNull(server, "server");
    this.ownsServer = ownsServer;
    this.leases = new Leases(lease);
    String base = ClusterLayout.AGENT_PATH;
    server.route("POST", base + "register", false, HttpEndpoints.SMALL_BODY, this::register);
    server.route("POST", base + "heartbeat", false, HttpEndpoints.SMALL_BODY, this::heartbeat);
    server.route("POST", base + "poll", false, HttpEndpoints.SMALL_BODY, this::poll);
    server.route("POST", base + "message", false, HttpEndpoints.LARGE_BODY, this::message);
    server.route("POST", base + "log", false, HttpEndpoints.SMALL_BODY, this::log);
    checker = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "manta-http-leases");
      t.setDaemon(true);
      return t;
    });
    long every = leases.checkEveryMillis();
    checker.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  /** Where task log lines go as they arrive ({@code [node] instance LEVEL text}); default nowhere. */
  void onTaskLog(Consumer<String> sink) {
    this.taskLog = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void start(ConductorEndpoint endpoint) {
    this.conductor = Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public synchronized Set<String> liveNodes() {
    Set<String> out = new TreeSet<>();
    for (Session s : sessions.values()) {
      if (!lost.contains(s.agent.node())) {
        out.add(s.agent.node());
      }
    }
    return out;
  }

  @Override
  public synchronized boolean isLive(String node) {
    if (lost.contains(node)) {
      return false;
    }
    for (AgentKey k : byAgent.keySet()) {
      if (k.node.equals(node)) {
        return true;
      }
    }
    return false;
  }

  /** The registered agents, as their registrations. */
  synchronized List<AgentProtocol.Registration> agents() {
    List<AgentProtocol.Registration> out = new ArrayList<>();
    sessions.values().forEach(s -> out.add(s.agent));
    out.sort(java.util.Comparator.comparing(AgentProtocol.Registration::node)
        .thenComparing(AgentProtocol.Registration::module));
    return out;
  }

  /** How many items wait in the session of the agent of {@code node} and {@code module} (tests); -1: none. */
  synchronized int queued(String node, String module) {
    Session s = byAgent.get(new AgentKey(node, module));
    return s == null ? -1 : s.queued();
  }

  /** Whether the agent of {@code node} for task class {@code module} holds a session. */
  synchronized boolean hasAgent(String node, String module) {
    return byAgent.containsKey(new AgentKey(node, module));
  }

  @Override
  public void offer(Assignment assignment) {
    Session s;
    synchronized (this) {
      s = lost.contains(assignment.nodeId()) ? null : byAgent.get(new AgentKey(assignment.nodeId(),
          assignment.entryClass()));
    }
    if (s == null || ended) {
      conductor.offerFailed(assignment, ended ? "the transport is closed" : "no agent of module "
          + assignment.module() + " (" + assignment.entryClass() + ") holds a lease on node '" + assignment.nodeId()
          + "'");
      return;
    }
    s.offer(assignment);
  }

  @Override
  public void cancel(Assignment assignment) {
    Session s;
    synchronized (this) {
      s = byAgent.get(new AgentKey(assignment.nodeId(), assignment.entryClass()));
    }
    if (s != null) {
      s.cancel(assignment.token());
    }
  }

  /** The run has ended: polls and heartbeats say so, and agents exit. The HTTP server stays up. */
  @Override
  public void close() {
    ended = true;
    List<Session> all;
    synchronized (this) {
      all = new ArrayList<>(sessions.values());
    }
    all.forEach(Session::wake);
    checker.shutdownNow();
  }

  /** Stops answering at once without telling agents anything, as a killed conductor does (tests). */
  void crash() {
    checker.shutdownNow();
    server.close();
  }

  /** Closes, and stops the HTTP server if this transport created it ({@link #listen}). */
  public void shutdown() {
    close();
    if (ownsServer) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- leases

  private void expire() {
    try {
      Map<String, String> gone = new LinkedHashMap<>();
      synchronized (this) {
        long now = System.nanoTime();
        for (String id : leases.expire(now)) {
          Session s = sessions.remove(id);
          if (s == null) {
            continue;
          }
          byAgent.remove(new AgentKey(s.agent.node(), s.agent.module()), s);
          s.close();
          if (lost.add(s.agent.node())) {
            gone.put(s.agent.node(), "its agent's lease (" + leases.duration().toMillis() + " ms) ran out without a"
                + " heartbeat (the last from host " + s.agent.hostname() + " came "
                + TimeUnit.NANOSECONDS.toMillis(now - s.renewedAt) + " ms before)");
            endSessionsOf(s.agent.node());
          }
        }
      }
      ConductorEndpoint c = conductor;
      if (c != null && !ended) {
        gone.forEach(c::nodeLost);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "lease check failed: " + e, e);
    }
  }

  /**
   * The node is lost: every session of it ends, not only the one whose lease ran out. Its other
   * agents (other modules) register again when they can, and the node joins again with the first;
   * a session left open would run out later and report the node lost a second time, ending the
   * instances it had been given since it joined again.
   */
  private void endSessionsOf(String node) {
    for (var it = sessions.values().iterator(); it.hasNext(); ) {
      Session other = it.next();
      if (other.agent.node().equals(node)) {
        it.remove();
        byAgent.remove(new AgentKey(node, other.agent.module()), other);
        other.close();
      }
    }
  }

  // ---------------------------------------------------------------- endpoints

  private HttpEndpoints.Response register(HttpEndpoints.Request request) {
    AgentProtocol.Registration r = Messages.fromJson(request.text(), AgentProtocol.Registration.class);
    if (r.node() == null || !NodeSpec.ID_PATTERN.matcher(r.node()).matches()) {
      throw new IllegalArgumentException("register: node id '" + r.node() + "' is not valid; use " + NodeSpec.ID_RULE);
    }
    if (r.module() == null || r.module().isBlank()) {
      throw new IllegalArgumentException("register: 'module' (the binary name of the task class) is missing");
    }
    String id = HexFormat.of().formatHex(randomBytes());
    boolean rejoined;
    synchronized (this) {
      AgentKey key = new AgentKey(r.node(), r.module());
      Session holder = byAgent.get(key);
      boolean again = holder != null && r.agent() != null && r.agent().equals(holder.agent.agent())
          && holder.neverPolled();
      if (holder != null && !again && leases.holds(holder.id, System.nanoTime())) {
        throw new HttpEndpoints.HttpError(409, "node '" + r.node() + "' already has an agent of module " + r.module()
            + " with a live lease (host " + holder.agent.hostname() + "); two agents cannot claim one node id: give"
            + " each node its own id (Docker node label " + ClusterLayout.NODE_LABEL_ID + "), or wait "
            + leases.duration().toMillis() + " ms for the old agent's lease to run out");
      }
      Session s = new Session(id, r);
      if (holder != null) {
        sessions.remove(holder.id);
        if (again) {
          s.takeOver(holder); // the same agent, whose answer was lost: what was offered reaches it
        } else {
          holder.close();
        }
      }
      sessions.put(id, s);
      byAgent.put(key, s);
      leases.renew(id, System.nanoTime());
      rejoined = lost.remove(r.node());
    }
    ConductorEndpoint c = conductor;
    if (c != null && !ended) {
      c.nodeJoined(r.node());
    }
    LOG.log(System.Logger.Level.DEBUG, "agent of node " + r.node() + " registered" + (rejoined ? " again" : ""));
    return HttpEndpoints.Response.json(new AgentProtocol.Registered(id, leases.duration().toMillis(), ended));
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }

  private Session session(HttpEndpoints.Request request) {
    String id = request.session();
    Session s;
    synchronized (this) {
      s = id == null ? null : sessions.get(id);
    }
    if (s == null || s.closed()) {
      throw new HttpEndpoints.HttpError(410, "session " + (id == null ? "(none: send header "
          + ClusterLayout.SESSION_HEADER + ")" : id) + " is not (or no longer) registered: register again");
    }
    return s;
  }

  private HttpEndpoints.Response heartbeat(HttpEndpoints.Request request) {
    Session s = session(request);
    synchronized (this) {
      if (sessions.get(s.id) == s) {
        long now = System.nanoTime();
        leases.renew(s.id, now);
        s.renewedAt = now;
      }
    }
    return HttpEndpoints.Response.json(new AgentProtocol.Items(List.of(), ended));
  }

  private HttpEndpoints.Response poll(HttpEndpoints.Request request) throws InterruptedException {
    Session s = session(request);
    AgentProtocol.Poll p = Messages.fromJson(request.text(), AgentProtocol.Poll.class);
    long wait = Math.max(0, Math.min(p.waitMillis(), MAX_POLL.toMillis()));
    List<AgentProtocol.Item> items = ended ? List.of() : s.poll(p.ack(), wait);
    if (s.closed() && !ended) {
      throw new HttpEndpoints.HttpError(410, "session " + s.id + " ended (its lease ran out): register again");
    }
    return HttpEndpoints.Response.json(new AgentProtocol.Items(items, ended));
  }

  private HttpEndpoints.Response message(HttpEndpoints.Request request) {
    Session s = session(request);
    AgentMessage m = request.hasContentType(ResultFrames.MEDIA_TYPE) ? ResultFrames.readAddResult(request.body())
        : Messages.fromJson(request.text(), AgentMessage.class);
    if (m.instanceId() == null) {
      throw new IllegalArgumentException("message: 'instanceId' is missing; every agent message names its instance");
    }
    ConductorEndpoint c = conductor;
    if (c == null) {
      throw new HttpEndpoints.HttpError(503, "the conductor is not running yet; no instance was offered");
    }
    Reply reply = c.handle(s.agent.node(), m);
    if (m instanceof AgentMessage.Log l && reply.ok()) {
      taskLog.accept("[" + s.agent.node() + "] " + l.instanceId() + " " + l.level() + " " + l.text());
    }
    if (m instanceof AgentMessage.SelectResults && reply.ok() && reply.value() instanceof ObjectNode values
        && request.accepts(ResultFrames.MEDIA_TYPE)) {
      return ResultFrames.selectAnswer(values);
    }
    return HttpEndpoints.Response.jsonText(Messages.toJson(reply));
  }

  private HttpEndpoints.Response log(HttpEndpoints.Request request) {
    Session s = session(request);
    AgentProtocol.LogLine line = Messages.fromJson(request.text(), AgentProtocol.LogLine.class);
    taskLog.accept("[" + s.agent.node() + "] agent " + line.level() + " " + line.text());
    return HttpEndpoints.Response.json(new AgentProtocol.Items(List.of(), ended));
  }
}
