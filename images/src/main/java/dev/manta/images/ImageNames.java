package dev.manta.images;

import java.util.Locale;

/**
 * Image names as the project documents them: {@code <registry>/<namespace>/<module>:<tag>}, each
 * part cut down to what Docker accepts.
 */
public final class ImageNames {
  private ImageNames() {}

  /**
   * The reference of a module's image.
   *
   * @param registry {@code host[:port]}, or {@code null}/blank for none (a local Docker engine image)
   * @param namespace a path component, typically the project's groupId ({@code dev.manta})
   * @param module the module's name ({@code trainer})
   * @param tag the tag, typically the project's version ({@code 1.0-SNAPSHOT})
   */
  public static String reference(String registry, String namespace, String module, String tag) {
    String repository = component(namespace) + "/" + component(module);
    String prefix = registry == null || registry.isBlank() ? "" : registry.strip() + "/";
    return prefix + repository + ":" + tag(tag);
  }

  /** A repository path component: lower case; runs of other characters than {@code [a-z0-9._-]} become {@code -}. */
  public static String component(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' leaves nothing for an image name component");
    }
    return s;
  }

  /** A tag: {@code [A-Za-z0-9_.-]}, at most 128 characters, not starting with {@code .} or {@code -}. */
  public static String tag(String text) {
    String s = text.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[.-]+", "");
    if (s.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' leaves nothing for an image tag");
    }
    return s.length() > 128 ? s.substring(0, 128) : s;
  }

  /** {@code host:5000/a/b:tag} → {@code host:5000/a/b}; {@code a/b@sha256:…} → {@code a/b}. */
  public static String repository(String reference) {
    String r = reference;
    int at = r.indexOf('@');
    if (at >= 0) {
      r = r.substring(0, at);
    }
    int slash = r.lastIndexOf('/');
    int colon = r.lastIndexOf(':');
    return colon > slash ? r.substring(0, colon) : r;
  }
}
