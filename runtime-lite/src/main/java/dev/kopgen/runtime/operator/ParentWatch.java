package dev.kopgen.runtime.operator;

import dev.kopgen.rules.PodContract;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Lets an operator started by a tool ({@code mvn kopgen:dev}) notice that the tool is gone. If
 * Maven is killed (SIGKILL, a closed terminal, a CI timeout) it cannot stop its child, which would
 * keep running, holding its port and Leases, with no parent. The tool names itself in {@value
 * #ENV}; the operator watches that process and shuts down gracefully when it exits.
 */
final class ParentWatch {

  /** The pid of the process whose exit ends the operator. */
  static final String ENV = PodContract.PARENT_PID_ENV;

  private ParentWatch() {}

  /**
   * Completes with the parent's pid when the process named by {@value #ENV} exits (at once if it is
   * gone already); empty when the variable is unset or not a pid.
   */
  static Optional<CompletableFuture<Long>> parentExit(Function<String, String> env) {
    String value = env.apply(ENV);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(
        ProcessHandle.of(pid)
            .map(h -> h.onExit().thenApply(ProcessHandle::pid))
            .orElseGet(() -> CompletableFuture.completedFuture(pid)));
  }
}
