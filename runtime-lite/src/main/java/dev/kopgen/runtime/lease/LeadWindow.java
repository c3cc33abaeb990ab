package dev.kopgen.runtime.lease;

/**
 * When a newly acquired Lease leaves a leader enough of its renew deadline to lead on.
 *
 * <p>A term counts from when the acquiring write was sent; the write's round trip is gone from the
 * window before the leader hears of it. If that took most of {@code renewDeadline}, the new leader
 * would fence itself almost at once: the leader renews every retry period, and a server slow enough
 * to eat most of the deadline once is slow on the next renewal too. Leading needs at least half the
 * deadline left; otherwise the instance, which holds the Lease meanwhile, renews at once and leads
 * on that renewal's window.
 */
final class LeadWindow {

  private LeadWindow() {}

  /** Whether a term whose acquiring write took {@code tookNanos} may lead at once. */
  static boolean fullEnough(long tookNanos, long renewDeadlineNanos) {
    return renewDeadlineNanos - tookNanos >= renewDeadlineNanos / 2;
  }
}
