package dev.kopgen.runtime;

/**
 * The operator cannot start as configured (an unknown {@code KOPGEN_SHARD}, a malformed port, two
 * controllers with one name). The message says what to fix; {@link Operator#run} logs it and exits
 * with status 2, without a stack trace.
 */
public class OperatorConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OperatorConfigurationException(String message) {
    super(message);
  }
}
