package dev.kopgen.devloop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How a dev loop run went.
 *
 * @param apiServer which API server it ran on
 * @param stopReason why it stopped
 * @param ran how long the operator ran
 * @param reconcileLines operator output lines that matched the reconcile pattern
 * @param exitStatus the operator's exit status, if it was started
 * @param shutdown from SIGTERM to the operator's exit (zero if it exited by itself)
 * @param killed whether it outlived its grace period and was killed
 */
public record DevLoopSummary(
    String apiServer,
    String stopReason,
    Duration ran,
    int reconcileLines,
    OptionalInt exitStatus,
    Duration shutdown,
    boolean killed) {

  /** Whether the operator ran and ended with status 0 without being killed. */
  public boolean clean() {
    return exitStatus.isPresent() && exitStatus.getAsInt() == 0 && !killed;
  }

  /** The summary for the user, one line each. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("API server:      " + apiServer);
    lines.add("stopped because: " + stopReason);
    lines.add("operator ran:    " + seconds(ran));
    lines.add("reconcile lines: " + reconcileLines);
    lines.add(
        "exit status:     "
            + (exitStatus.isPresent()
                ? exitStatus.getAsInt()
                    + (killed
                        ? " (killed after its grace period)"
                        : shutdown.isZero() ? "" : ", " + seconds(shutdown) + " after SIGTERM")
                : "(not started)"));
    return lines;
  }

  /** {@code d} in seconds with one decimal, e.g. {@code 1.3 s}. */
  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
