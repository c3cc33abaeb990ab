package dev.kopgen.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a reconcile asks for next. Immutable. */
public final class Result {

  private enum Kind {
    DONE,
    REQUEUE_AFTER,
    BACKOFF
  }

  private static final Result DONE = new Result(Kind.DONE, null);
  private static final Result BACKOFF = new Result(Kind.BACKOFF, null);

  private final Kind kind;
  private final Duration delay;

  private Result(Kind kind, Duration delay) {
    this.kind = kind;
    this.delay = delay;
  }

  /** Nothing more to do until the object or something it owns changes. */
  public static Result done() {
    return DONE;
  }

  /** Reconcile this object again after {@code delay} (for polling external state). */
  public static Result requeueAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("requeue delay must not be negative: " + delay);
    }
    return new Result(Kind.REQUEUE_AFTER, delay);
  }

  /** Retry this object after its per-object exponential backoff (what errors get by default). */
  public static Result retryWithBackoff() {
    return BACKOFF;
  }

  /** The fixed delay asked for, if this is a {@link #requeueAfter} result. */
  public Optional<Duration> requeueDelay() {
    return Optional.ofNullable(delay);
  }

  /** Whether this result asks for the per-object backoff. */
  public boolean isBackoff() {
    return kind == Kind.BACKOFF;
  }

  /** Whether this result asks for nothing more. */
  public boolean isDone() {
    return kind == Kind.DONE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Result other && kind == other.kind && Objects.equals(delay, other.delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DONE -> "done";
      case BACKOFF -> "retryWithBackoff";
      case REQUEUE_AFTER -> "requeueAfter(" + delay + ")";
    };
  }
}
