package dev.manta.manifest;

/** A manifest that cannot be read: names the source and the JSON path at fault. */
public final class ManifestException extends RuntimeException {
  private final String source;
  private final String jsonPath;

  public ManifestException(String source, String jsonPath, String message, Throwable cause) {
    super(source + (jsonPath.isEmpty() ? "" : " at " + jsonPath) + ": " + message, cause);
    this.source = source;
    this.jsonPath = jsonPath;
  }

  /** The file or resource read. */
  public String source() {
    return source;
  }

  /** Where in the document, e.g. {@code $.tasks[2].alias}; {@code $} for the whole document. */
  public String jsonPath() {
    return jsonPath;
  }
}
