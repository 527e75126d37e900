package dev.manta.images;

import java.util.Objects;

/**
 * A user name and password for a registry (from Maven's {@code settings.xml}, say).
 *
 * @param username the user
 * @param password the password or token
 */
public record RegistryCredential(String username, String password) {
  public RegistryCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "RegistryCredential[" + username + ", ****]";
  }
}
