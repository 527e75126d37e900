package dev.manta.images;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Turns what Jib throws into an {@link ImageException} whose message says what to do. */
final class Failures {
  private Failures() {}

  static ImageException classify(Exception e, String what, ImageTarget target, String baseImage,
      boolean insecureAllowed) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ImageException ie) {
        return ie;
      }
      if (t instanceof RegistryUnauthorizedException u) {
        return refused(what, u.getImageReference(), status(u), target, baseImage, t);
      }
      if (t.getClass().getSimpleName().equals("RegistryCredentialsNotSentException")) {
        // The registry answered 401 over plain HTTP, where Jib sends no credentials.
        ImageException refused = refused(what, null, "HTTP 401 Unauthorized", target, baseImage, t);
        return new ImageException(refused.reason(), refused.getMessage() + " (over plain HTTP credentials are not "
            + "sent at all: give the registry TLS, or run with -DsendCredentialsOverHttp=true)", t);
      }
      if (t instanceof RegistryAuthenticationFailedException a) {
        return refused(what, a.getServerUrl() + "/" + a.getImageName(), "authentication failed", target, baseImage, t);
      }
      if (t instanceof InsecureRegistryException) {
        return new ImageException(ImageException.Reason.INSECURE_REGISTRY, what + ": " + t.getMessage()
            + "; the registry speaks only plain HTTP. If you trust it (a test registry of your own), allow insecure "
            + "registries; otherwise give it a TLS certificate", e);
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return unreachable(what, "cannot reach", t, e, target, baseImage);
      }
      if (t instanceof SocketException || t instanceof EOFException
          || t.getClass().getSimpleName().equals("NoHttpResponseException")
          || t.getClass().getSimpleName().equals("ConnectionClosedException")) {
        return unreachable(what, "lost the connection to", t, e, target, baseImage);
      }
      String message = String.valueOf(t.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (t instanceof RegistryException && baseImage != null && (lower.contains("manifest unknown")
          || lower.contains("manifest_unknown") || lower.contains("name unknown") || lower.contains("name_unknown")
          || lower.contains("not found"))) {
        return new ImageException(ImageException.Reason.BASE_IMAGE_NOT_FOUND, what + ": base image " + baseImage
            + " does not exist in its registry (" + oneLine(message) + "); push it there first, or name another "
            + "base image", e);
      }
      if (lower.contains("cannot connect to the docker daemon") || lower.contains("is the docker daemon running")) {
        return new ImageException(ImageException.Reason.NO_DOCKER, what + ": no Docker engine answers ("
            + oneLine(message) + "); start one or set DOCKER_HOST, or push to a registry instead", e);
      }
      if (t instanceof RegistryException && (lower.contains("403") || lower.contains("denied"))) {
        return refused(what, null, "403 Forbidden", target, baseImage, t);
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new ImageException(ImageException.Reason.FAILED, what + ": " + root.getClass().getSimpleName() + ": "
        + oneLine(String.valueOf(root.getMessage())), e);
  }

  /**
   * A registry that does not answer, or stopped answering: which one (the target's, or the base
   * image's), what was being done, and what to do. A push can be run again at any time: the
   * registry keeps the blobs it has whole, and an upload cut off is started afresh.
   */
  private static ImageException unreachable(String what, String verb, Throwable t, Exception e, ImageTarget target,
      String baseImage) {
    String cause = t.getClass().getSimpleName() + ": " + oneLine(String.valueOf(t.getMessage()));
    String targetRegistry = target.kind() == ImageTarget.Kind.REGISTRY ? registryOf(target.reference()) : null;
    String baseRegistry = baseImage == null ? null : registryOf(baseImage);
    String message = String.valueOf(t.getMessage());
    boolean base = baseRegistry != null && message.contains(baseRegistry)
        && (targetRegistry == null || !message.contains(targetRegistry));
    if (targetRegistry != null && !base) {
      return new ImageException(ImageException.Reason.REGISTRY_UNREACHABLE, what + ": " + verb + " registry "
          + targetRegistry + " while pushing " + target.reference() + " (" + cause + "); check that the registry "
          + "runs and that host and port are right, then run again: a push can be repeated at any time (the layers "
          + "the registry holds are not sent again, an upload cut off starts afresh)", e);
    }
    if (base) {
      return new ImageException(ImageException.Reason.REGISTRY_UNREACHABLE, what + ": " + verb + " registry "
          + baseRegistry + " while pulling base image " + baseImage + " (" + cause + "); check that the registry "
          + "runs and that host and port are right, then run again", e);
    }
    return new ImageException(ImageException.Reason.REGISTRY_UNREACHABLE, what + ": " + verb + " the registry ("
        + cause + "); check that it runs and that host and port are right, then run again", e);
  }

  private static ImageException refused(String what, String reference, String status, ImageTarget target,
      String baseImage, Throwable cause) {
    boolean pushing = target.kind() == ImageTarget.Kind.REGISTRY
        && (reference == null || baseImage == null || sameRepository(reference, target.reference())
            || !sameRepository(reference, baseImage));
    if (pushing) {
      String registry = registryOf(target.reference());
      return new ImageException(ImageException.Reason.PUSH_REFUSED, what + ": registry " + registry
          + " refused the push of " + target.reference() + " (" + status + "); give credentials for " + registry
          + " (a <server> with id " + registry + " in Maven's settings.xml, or 'docker login " + registry
          + "') of an account that may push to this repository", cause);
    }
    String registry = registryOf(baseImage);
    return new ImageException(ImageException.Reason.BASE_IMAGE_REFUSED, what + ": registry " + registry
        + " refused to hand out base image " + baseImage + " (" + status + "); give credentials for " + registry
        + " (a <server> with id " + registry + " in settings.xml, or 'docker login " + registry + "')", cause);
  }

  /** "401 Unauthorized" or "403 Forbidden" when the exception or its causes say which; else "unauthorized". */
  private static String status(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("403")) {
        return "HTTP 403 Forbidden";
      }
      if (m.contains("401")) {
        return "HTTP 401 Unauthorized";
      }
    }
    return "HTTP 401 Unauthorized";
  }

  /** {@code host:5000/a/b:t} → {@code host:5000}; a reference without a registry → {@code docker.io}. */
  static String registryOf(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return "docker.io";
    }
    String first = reference.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
  }

  private static boolean sameRepository(String a, String b) {
    String ra = ImageNames.repository(a);
    String rb = ImageNames.repository(b);
    return ra.endsWith(rb) || rb.endsWith(ra);
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*\\n\\s*", " ").strip();
  }
}
