package dev.kopgen.runtime.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling waits with generous deadlines: a loaded 2-core machine must not make tests flaky. */
public final class Await {

  /** The default deadline; conditions usually hold within milliseconds. */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private Await() {}

  /** Waits until {@code condition} holds, failing with {@code what} after the deadline. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEADLINE, condition);
  }

  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(
            "timed out after " + deadline.toSeconds() + "s waiting for " + what);
      }
      sleep(10);
    }
  }

  /** Sleeps, for tests that must show something does <em>not</em> happen within a while. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
