package dev.kopgen.devloop;

/** The dev loop cannot go on, for a reason the user can fix; the message says what to change. */
public class DevLoopException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DevLoopException(String message) {
    super(message);
  }

  public DevLoopException(String message, Throwable cause) {
    super(message, cause);
  }
}
