package dev.kopgen.runtime;

import java.lang.reflect.Proxy;

/**
 * Installs handlers for SIGTERM and SIGINT through {@code sun.misc.Signal}, reached reflectively:
 * it lives in {@code jdk.unsupported}, which a trimmed runtime image may lack, and referring to it
 * directly makes javac warn on every build. Without it the caller falls back to a shutdown hook.
 */
final class Signals {

  private Signals() {}

  /**
   * Routes signal {@code name} (e.g. {@code TERM}) to {@code action}, replacing the JVM's default
   * handling (which would run shutdown hooks and exit).
   *
   * @return whether the handler is installed
   */
  static boolean handle(String name, Runnable action) {
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
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return false;
    }
  }
}
