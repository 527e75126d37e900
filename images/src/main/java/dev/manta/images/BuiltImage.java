package dev.manta.images;

import java.util.Objects;

/**
 * An image that was built and stored (pushed to a registry, or loaded into a Docker engine).
 *
 * @param reference the tagged reference it was stored under, e.g. {@code 10.77.0.1:5000/dev.manta/trainer:1.0}
 * @param digest the manifest digest, {@code sha256:…}; the same input always gives the same digest
 * @param imageId the image (config) digest, {@code sha256:…}, as {@code docker image ls} shows it
 */
public record BuiltImage(String reference, String digest, String imageId) {
  public BuiltImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(imageId, "imageId");
  }

  /** The reference pinned to the digest, {@code <repository>@sha256:…}: what every node pulls. */
  public String digestReference() {
    return ImageNames.repository(reference) + "@" + digest;
  }
}
