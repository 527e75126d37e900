package dev.manta.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
  @Test
  void tokensAre256RandomBits() {
    String a = TokenStore.newToken();
    assertTrue(a.matches("[0-9a-f]{64}"), a);
    assertNotEquals(a, TokenStore.newToken());
  }

  @Test
  void storedForTheUserOnly(@TempDir Path dir) throws Exception {
    TokenStore store = new TokenStore(dir.resolve("tokens"));
    store.write("fl", "abc");
    Path file = dir.resolve("tokens/fl.token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("abc", store.read("fl"));
    store.write("fl", "def");
    assertEquals("def", store.read("fl"));
    store.delete("fl");
    assertFalse(Files.exists(file));
    MantaClientException e = assertThrows(MantaClientException.class, () -> store.read("fl"));
    assertEquals(MantaClientException.Reason.NO_TOKEN, e.reason());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
