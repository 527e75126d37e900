package dev.manta.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The deployments' tokens on the user's machine: {@code <dir>/<swarm>.token}, readable by the user
 * only (0600), so status, logs and results can authenticate to the conductor.
 */
final class TokenStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path directory;

  TokenStore(Path directory) {
    this.directory = directory;
  }

  /** {@code ~/.manta/tokens}. */
  static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".manta", "tokens");
  }

  /** 256 random bits, as 64 hex digits. */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  Path file(String swarm) {
    return directory.resolve(swarm + ".token");
  }

  void write(String swarm, String token) {
    Path file = file(swarm);
    try {
      Files.createDirectories(directory);
      Path temporary = directory.resolve(swarm + ".token.tmp");
      Files.deleteIfExists(temporary);
      Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
      try {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(owner));
      } catch (UnsupportedOperationException e) {
        Files.createFile(temporary); // not a POSIX file system: the directory's own protection applies
      }
      Files.writeString(temporary, token);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.IO, "cannot store the token of swarm '" + swarm
          + "' in " + file + ": " + e.getMessage(), e);
    }
  }

  String read(String swarm) {
    Path file = file(swarm);
    if (!Files.isRegularFile(file)) {
      throw new MantaClientException(MantaClientException.Reason.NO_TOKEN, "no token for swarm '" + swarm + "' in "
          + file + ": it is written by the deploy on the machine and user that deployed the swarm; copy it from there "
          + "(keep it private: it grants control of the swarm)");
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  void delete(String swarm) {
    try {
      Files.deleteIfExists(file(swarm));
    } catch (IOException e) {
      throw new MantaClientException(MantaClientException.Reason.IO, "cannot delete " + file(swarm) + ": "
          + e.getMessage(), e);
    }
  }
}
