package dev.kopgen.runtime.operator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lets the threads of closed HTTP clients end before the JVM exits, so the exit is immediate.
 *
 * <p>HotSpot's exit (through {@code System.exit}, {@code Runtime.halt} or the last non-daemon
 * thread ending alike) waits at a safepoint for every thread running native code to block: at least
 * 300 ms, in 10 ms steps, for application threads ({@code
 * VM_Exit::wait_for_threads_in_native_to_block}). A closed fabric8 client's I/O threads sit in
 * {@code epoll_wait}: Vert.x's event loops until Vert.x, closing asynchronously, stops them; the
 * JDK client's selector until it is interrupted ({@link #isJdkHttpSelector}). Exiting with them
 * there cost 0.3–0.5 s on every shutdown; ending them first costs a few milliseconds.
 */
final class ExitWait {

  private ExitWait() {}

  /**
   * Waits up to {@code bound} for the application's threads that are blocked in native code (event
   * loops, selectors) to end ({@link #inNative}); the caller is left alone.
   *
   * @return how many such threads were still running when the wait ended
   */
  static int awaitNativeThreads(Duration bound) {
    List<Thread> waiting = inNative();
    waiting.stream().filter(ExitWait::isJdkHttpSelector).forEach(Thread::interrupt);
    return awaitEnd(waiting, bound);
  }

  /**
   * Halts the JVM at once with {@code status}, without shutdown hooks: the JDK client's selectors
   * are interrupted first, so the halt does not wait 300 ms for them (a second signal's exit).
   */
  static void halt(int status) {
    inNative().stream().filter(ExitWait::isJdkHttpSelector).forEach(Thread::interrupt);
    Runtime.getRuntime().halt(status);
  }

  /**
   * The selector thread of a {@code java.net.http.HttpClient} (fabric8's JDK client). Before JDK 21
   * the client cannot be shut down: closing fabric8's client stops only its executor, and the
   * selector stays in {@code epoll_wait} until the client is garbage-collected. Interrupted, it
   * leaves its loop and closes its selector within milliseconds.
   */
  static boolean isJdkHttpSelector(Thread t) {
    return t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager");
  }

  /** Joins {@code waiting} for up to {@code bound} in all; returns how many are still alive. */
  static int awaitEnd(List<Thread> waiting, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    for (Thread t : waiting) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return (int) waiting.stream().filter(Thread::isAlive).count();
  }

  /**
   * Live threads of the caller's thread group (and its subgroups) whose innermost frame is a native
   * method (a blocking call). Threads the JDK runs in its own groups (Reference Handler, the
   * process reaper of {@link ParentWatch}) are not the application's to wait for.
   */
  static List<Thread> inNative() {
    Thread self = Thread.currentThread();
    ThreadGroup app = self.getThreadGroup();
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey() != self)
        .filter(e -> e.getKey().getState() == Thread.State.RUNNABLE)
        .filter(e -> e.getValue().length > 0 && e.getValue()[0].isNativeMethod())
        .filter(e -> within(e.getKey().getThreadGroup(), app))
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  private static boolean within(ThreadGroup group, ThreadGroup app) {
    for (ThreadGroup g = group; g != null; g = g.getParent()) {
      if (g == app) {
        return true;
      }
    }
    return false;
  }
}
