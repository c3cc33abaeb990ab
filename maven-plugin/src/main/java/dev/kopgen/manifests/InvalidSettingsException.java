package dev.kopgen.manifests;

import java.util.List;
import java.util.stream.Collectors;

/** One or more settings are invalid; each problem names its {@link Setting}. */
public class InvalidSettingsException extends ManifestException {
  private static final long serialVersionUID = 1L;

  /** One invalid setting and why. */
  public record Problem(Setting setting, String message) {}

  private final transient List<Problem> problems;

  public InvalidSettingsException(List<Problem> problems) {
    super(
        problems.stream()
            .map(p -> p.setting() + ": " + p.message())
            .collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order the settings were checked. */
  public List<Problem> problems() {
    return problems;
  }
}
