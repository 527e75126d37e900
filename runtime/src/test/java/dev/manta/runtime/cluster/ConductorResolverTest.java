package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conductor's name, as Docker's embedded DNS answers it while the overlay network reconverges:
 * an answer, then none, or one that hangs. A scripted lookup stands in for that DNS (it cannot be
 * made to fail on cue); {@code localhost} checks the real lookup.
 */
class ConductorResolverTest {
  private static final URI URL = URI.create("http://manta-demo-conductor:7070/");
  /** What the next lookups answer: an address, "none" (does not resolve) or "hang". */
  private final Deque<Object> answers = new ArrayDeque<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHungLookups() {
    release.countDown();
  }

  private InetAddress scripted(String host) throws UnknownHostException {
    lookups.incrementAndGet();
    Object next = answers.isEmpty() ? null : answers.poll();
    if ("hang".equals(next)) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return InetAddress.getByName("10.9.9.9");
    }
    if (next == null || "none".equals(next)) {
      throw new UnknownHostException(host);
    }
    return InetAddress.getByName((String) next);
  }

  private ConductorResolver resolver(Duration ttl) {
    return new ConductorResolver(URL, Duration.ofMillis(300), ttl, this::scripted);
  }

  @Test
  void aUrlWithAnAddressIsUsedAsItIs() throws Exception {
    URI url = URI.create("http://10.0.3.4:7070/");
    ConductorResolver r = new ConductorResolver(url, Duration.ofMillis(300), Duration.ZERO, this::scripted);
    assertEquals(url, r.current());
    assertEquals("", r.note());
    assertEquals(0, lookups.get());
  }

  @Test
  void theRealLookupPutsTheAddressIntoTheUrlKeepingPortAndPath() throws Exception {
    ConductorResolver r = new ConductorResolver(URI.create("http://localhost:7070/x/"), Duration.ofSeconds(5),
        Duration.ZERO);
    URI u = r.current();
    assertTrue(u.toString().equals("http://127.0.0.1:7070/x/") || u.toString().equals("http://[0:0:0:0:0:0:0:1]:7070/x/"),
        u.toString());
    assertTrue(r.note().startsWith("localhost resolved to "), r.note());
  }

  @Test
  void aNameThatStopsResolvingKeepsItsLastAddressAndANewAnswerReplacesIt() throws Exception {
    answers.add("10.0.3.4");
    answers.add("none"); // does not resolve
    answers.add("10.0.3.9"); // a restarted conductor: another address
    ConductorResolver r = resolver(Duration.ZERO);
    assertEquals(URI.create("http://10.0.3.4:7070/"), r.current());
    assertEquals(URI.create("http://10.0.3.4:7070/"), r.current());
    assertEquals("manta-demo-conductor did not resolve; used its last address, 10.0.3.4", r.note());
    assertEquals(URI.create("http://10.0.3.9:7070/"), r.current());
    assertEquals(3, lookups.get());
  }

  @Test
  void aLookupThatHangsIsGivenUpAfterTheBoundThenNotWaitedForAgainNorStartedTwice() throws Exception {
    answers.add("10.0.3.4");
    answers.add("hang");
    // a long bound: a call that waited again could not pass for one that did not, however loaded the machine
    ConductorResolver r = new ConductorResolver(URL, Duration.ofSeconds(3), Duration.ZERO, this::scripted);
    r.current();
    long start = System.nanoTime();
    assertEquals(URI.create("http://10.0.3.4:7070/"), r.current());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis >= 2_900 && millis < 20_000, millis + " ms");
    assertEquals("looking up manta-demo-conductor took longer than 3000 ms; used its last address, 10.0.3.4", r.note());
    start = System.nanoTime();
    assertEquals(URI.create("http://10.0.3.4:7070/"), r.current());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_900, "no second wait on the same lookup");
    assertEquals("an earlier lookup of manta-demo-conductor has not ended; used its last address, 10.0.3.4", r.note());
    assertEquals(2, lookups.get(), "the hanging lookup is not started a second time");
  }

  @Test
  void aNameThatNeverResolvedLeavesTheUrlAsItIs() throws Exception {
    ConductorResolver r = resolver(Duration.ZERO);
    assertEquals(URL, r.current());
    assertEquals("manta-demo-conductor did not resolve", r.note());
  }

  @Test
  void anAnswerIsReusedWithinItsTimeToLive() throws Exception {
    answers.add("10.0.3.4");
    ConductorResolver r = resolver(Duration.ofMinutes(5));
    r.current();
    r.current();
    assertEquals(1, lookups.get());
  }
}
