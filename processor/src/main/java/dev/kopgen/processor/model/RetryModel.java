package dev.kopgen.processor.model;

import dev.kopgen.rules.RetryRules;
import java.time.Duration;

/**
 * A controller's retry policy as declared ({@code @Controller(retryInitialBackoff, retryMaxBackoff,
 * retryMaxAttempts)}), validated by {@link RetryRules}.
 *
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 * @param maxAttempts failures in a row before giving up; 0 for never
 */
public record RetryModel(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

  /** Reads a declaration the validators found no error in. */
  public static RetryModel of(ControllerDeclaration decl) {
    AnnotationView c = decl.controller();
    return new RetryModel(
        c.duration("retryInitialBackoff").orElseThrow(),
        c.duration("retryMaxBackoff").orElseThrow(),
        c.get("retryMaxAttempts").asInt());
  }

  /** Whether this is the runtime's default policy (then generated code does not name it). */
  public boolean isDefault() {
    return initialBackoff.equals(RetryRules.DEFAULT_INITIAL_BACKOFF)
        && maxBackoff.equals(RetryRules.DEFAULT_MAX_BACKOFF)
        && maxAttempts == RetryRules.UNLIMITED_ATTEMPTS;
  }
}
