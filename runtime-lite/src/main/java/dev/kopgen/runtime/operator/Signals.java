package dev.kopgen.runtime.operator;

import java.lang.reflect.Proxy;

/**
 * Installs handlers for SIGTERM and SIGINT through {@code sun.misc.Signal}, reached reflectively:
 * it lives in {@code jdk.unsupported}, which a trimmed runtime image may lack, and referring to it
 * directly makes javac warn on every build. Without it the caller falls back to a shutdown hook.
 */
final class Signals {

  private Signals() {}

  /** What became of a handler. */
  enum Outcome {
    /** The signal now runs the action. */
    INSTALLED,
    /**
     * The signal was ignored when the JVM started (SIGHUP under {@code nohup}, SIGINT for a
     * background job of a non-interactive shell): the JVM keeps it ignored and never delivers it.
     */
    IGNORED,
    /** {@code sun.misc.Signal} is missing, or the JVM reserves the signal. */
    UNAVAILABLE
  }

  /**
   * Routes signal {@code name} (e.g. {@code TERM}) to {@code action}, replacing the JVM's default
   * handling (which would run shutdown hooks and exit).
   *
   * @return whether the handler is installed and the signal can arrive
   */
  static boolean handle(String name, Runnable action) {
    return install(name, action) == Outcome.INSTALLED;
  }

  /** Like {@link #handle}, saying why a signal will not reach {@code action}. */
  static Outcome install(String name, Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "kopgen SIG" + name + " handler";
                    default -> null;
                  });
      Object previous =
          signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      // HotSpot registers no handler for a shutdown signal that was ignored at start, and says
      // so only by returning SIG_IGN as the previous handler.
      if (previous == handlerClass.getField("SIG_IGN").get(null)) {
        return Outcome.IGNORED;
      }
      return Outcome.INSTALLED;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Outcome.UNAVAILABLE;
    }
  }
}
