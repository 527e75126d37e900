package dev.manta.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NameCheckTest {
  private final NameCheck check = new NameCheck(Duration.ofSeconds(2));

  @Test
  void aNameThatResolvesIsShownWithItsAddresses() {
    String said = check.describe("localhost");
    assertTrue(said.startsWith("localhost resolves to [") && said.contains("127.0.0.1"), said);
  }

  @Test
  void anAddressIsNotLookedUp() {
    assertEquals("host 10.0.0.7 needs no lookup", check.describe("10.0.0.7"));
    assertEquals("host [::1] needs no lookup", check.describe("[::1]"));
  }

  @Test
  void aNameThatDoesNotResolveIsNeverShownAsResolving() {
    // .invalid never resolves (RFC 6761); without a reachable DNS server the lookup may also outlast the bound.
    String said = check.describe("no-such-conductor.invalid");
    assertFalse(said.contains("resolves to"), said);
    assertTrue(said.equals("no-such-conductor.invalid does not resolve (" + said.replaceAll("\\D", "") + " ms)")
        || said.equals("looking up no-such-conductor.invalid took longer than 2000 ms"), said);
  }
}
