package dev.kopgen.runtime.controller;

/**
 * When a failing reconcile's stack trace is worth logging. Every failure gets one line with its
 * cause; the trace comes once per run of failures of an object, since an object that keeps failing
 * retries with backoff for as long as it fails, and a trace per retry buries everything else
 * ({@code kopgen:dev}, which logs the controller at debug, printed 1,767 lines in two minutes for
 * one failing object). A success ends the run, so the next failure shows its trace.
 */
final class FailureTraces {

  private FailureTraces() {}

  /**
   * Whether the failure that makes {@code failuresInARow} failures of an object in a row gets its
   * trace.
   */
  static boolean firstOfARun(int failuresInARow) {
    return failuresInARow <= 1;
  }
}
