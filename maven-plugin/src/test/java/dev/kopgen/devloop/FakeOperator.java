package dev.kopgen.devloop;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A stand-in operator process for {@link OperatorChildTest}: prints its environment and a
 * reconcile-like line, then waits. SIGINT exits with status 3 (so a test sees if it got one);
 * SIGTERM prints two shutdown lines and exits 0, unless the environment variable {@code
 * FAKE_OPERATOR_MODE} is {@code stubborn}, in which case it ignores SIGTERM.
 */
public final class FakeOperator {

  private FakeOperator() {}

  public static void main(String[] args) throws Exception {
    boolean stubborn = "stubborn".equals(System.getenv("FAKE_OPERATOR_MODE"));
    handle(
        "INT",
        () -> {
          System.out.println("got SIGINT");
          System.exit(3);
        });
    handle(
        "TERM",
        () -> {
          if (stubborn) {
            System.out.println("ignoring SIGTERM");
            return;
          }
          System.out.println("SIGTERM: draining");
          System.out.println("shutdown complete");
          System.exit(0);
        });
    for (String name :
        new String[] {"KUBECONFIG", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "POD_NAME"}) {
      System.out.println("env " + name + "=" + System.getenv(name));
    }
    System.out.println("controller fake: reconciled ns/a in 1 ms");
    System.err.println("controller fake: reconcile of ns/b failed (failure 1 in a row)");
    System.out.println("ready");
    Thread.sleep(60_000);
  }

  /** sun.misc.Signal, reached reflectively as kopgen's runtime does (no compile-time warning). */
  private static void handle(String signal, Runnable action) throws Exception {
    Class<?> signalClass = Class.forName("sun.misc.Signal");
    Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
    Object handler =
        Proxy.newProxyInstance(
            FakeOperator.class.getClassLoader(),
            new Class<?>[] {handlerClass},
            (proxy, method, margs) -> {
              if (method.getName().equals("handle")) {
                action.run();
              }
              return null;
            });
    Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
    handle.invoke(null, signalClass.getConstructor(String.class).newInstance(signal), handler);
  }
}
