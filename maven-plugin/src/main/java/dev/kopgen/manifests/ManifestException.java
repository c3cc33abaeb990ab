package dev.kopgen.manifests;

/**
 * The manifests cannot be generated, for a reason the message explains together with what to do
 * (recompile, fix an annotation). Plugin configuration problems are {@link
 * InvalidSettingsException}s instead, so they can name the setting.
 */
public class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
