package dev.manta.graph;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference, parsed by the Docker distribution grammar:
 * {@code [registry[:port]/]path[:tag][@digest]}.
 *
 * @param registry the registry host (and port), or empty for the default registry
 * @param repository the path, e.g. {@code library/eclipse-temurin} or {@code acme/trainer}
 * @param tag the tag, or empty
 * @param digest the digest ({@code sha256:…}), or empty
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|-+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE = Pattern.compile(
      "(?:(" + DOMAIN + ")/)?(" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)"
          + "(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

  /** Parses {@code reference}, or says why it is not one. */
  public static ImageReference parse(String reference) {
    return tryParse(reference).orElseThrow(() -> new IllegalArgumentException(
        "'" + reference + "' is not an image reference; expected [registry[:port]/]name[:tag][@digest], "
            + "with a lower-case name such as eclipse-temurin:17-jre or localhost:5000/acme/trainer:1.0"));
  }

  /** Parses {@code reference}, empty when it is not one. */
  public static Optional<ImageReference> tryParse(String reference) {
    if (reference == null || reference.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(reference);
    if (!m.matches()) {
      return Optional.empty();
    }
    String registry = m.group(1);
    String path = m.group(2);
    // A first component without '.', ':' or "localhost" is a path, not a registry (docker.io/library).
    if (registry != null && !registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
      if (!registry.matches(PATH_COMPONENT)) {
        return Optional.empty();
      }
      path = registry + "/" + path;
      registry = null;
    }
    String name = (registry == null ? "" : registry + "/") + path;
    if (name.length() > 255) {
      return Optional.empty();
    }
    return Optional.of(new ImageReference(registry == null ? "" : registry, path,
        m.group(3) == null ? "" : m.group(3), m.group(4) == null ? "" : m.group(4)));
  }

  @Override
  public String toString() {
    return (registry.isEmpty() ? "" : registry + "/") + repository
        + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
  }
}
