package dev.kopgen.maven;

import java.util.Map;

/**
 * The {@code <resources>} parameter: the operator container's resource requests and limits, as
 * Kubernetes spells them.
 *
 * <pre>{@code
 * <resources>
 *   <requests><cpu>200m</cpu><memory>512Mi</memory></requests>
 *   <limits><memory>1Gi</memory></limits>
 * </resources>
 * }</pre>
 *
 * An omitted {@code <requests>} or {@code <limits>} keeps its default (requests cpu 100m, memory
 * 256Mi; limits memory 512Mi). Values are Kubernetes quantities; an invalid one fails the build
 * naming {@code <resources>}.
 */
public class Resources {

  /** Resource requests, e.g. {@code cpu=100m}, {@code memory=256Mi}. */
  Map<String, String> requests;

  /** Resource limits, e.g. {@code memory=512Mi}. */
  Map<String, String> limits;
}
