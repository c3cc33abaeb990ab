package dev.kopgen.runtime.operator;

import static dev.kopgen.runtime.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit's wait for threads blocked in native code, with a thread blocked in accept(). */
class ExitWaitTest {

  /** A thread of this test's thread group blocked in {@code accept()}, a native call. */
  private static Thread acceptor(ServerSocket socket) {
    return acceptor(Thread.currentThread().getThreadGroup(), socket);
  }

  private static Thread acceptor(ThreadGroup group, ServerSocket socket) {
    Thread t =
        new Thread(
            group,
            () -> {
              try {
                socket.accept();
              } catch (IOException closed) {
                // the socket was closed: the thread ends
              }
            },
            "exit-wait-acceptor");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aThreadInNativeCodeIsSeenAndWaitedForUntilItEnds() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread t = acceptor(socket);
      until("the acceptor blocks in native code", () -> ExitWait.inNative().contains(t));
      // Closing the socket ends the thread shortly after, as closing a client ends its event loop.
      new Thread(
              () -> {
                try {
                  Thread.sleep(50);
                  socket.close();
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              })
          .start();
      // Only this thread: other tests' threads of this JVM may sit in native code for good.
      assertThat(ExitWait.awaitEnd(List.of(t), Duration.ofSeconds(20))).isZero();
      assertThat(t.isAlive()).isFalse();
    }
  }

  @Test
  void theWaitIsBoundedAndSaysHowManyAreLeft() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread t = acceptor(socket);
      until("the acceptor blocks in native code", () -> ExitWait.inNative().contains(t));
      long start = System.nanoTime();
      assertThat(ExitWait.awaitNativeThreads(Duration.ofMillis(100)))
          .as("the acceptor, at least")
          .isGreaterThanOrEqualTo(1);
      System.out.printf(
          "[figure] bounded exit wait returned after %d ms (bound 100 ms)%n",
          Duration.ofNanos(System.nanoTime() - start).toMillis());
      assertThat(t.isAlive()).as("nothing was done to the thread").isTrue();
    }
  }

  @Test
  void threadsOutsideTheCallersThreadGroupAreNotWaitedFor() throws Exception {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    // Where the JDK keeps its own threads (the process reaper ParentWatch's onExit waits on).
    ThreadGroup jdkLike = new ThreadGroup(root, "exit-wait-other");
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread t = acceptor(jdkLike, socket);
      until(
          "the acceptor blocks in native code",
          () -> {
            StackTraceElement[] stack = t.getStackTrace();
            return stack.length > 0 && stack[0].isNativeMethod();
          });
      assertThat(ExitWait.inNative()).doesNotContain(t);
    }
  }

  @Test
  void theJdkHttpClientsSelectorIsRecognisedAndEndsWhenInterrupted() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    Thread selector =
        Thread.getAllStackTraces().keySet().stream()
            .filter(ExitWait::isJdkHttpSelector)
            .filter(Thread::isAlive)
            .reduce((first, second) -> second) // the newest: this test's client
            .orElseThrow();
    until("the selector blocks in native code", () -> ExitWait.inNative().contains(selector));
    // What awaitNativeThreads does to it: without the interrupt it stays until the client is
    // garbage-collected (JDK 17 has no HttpClient.close), and the JVM's exit waits >= 300 ms.
    selector.interrupt();
    assertThat(ExitWait.awaitEnd(List.of(selector), Duration.ofSeconds(20))).isZero();
    assertThat(client).isNotNull(); // still referenced: the interrupt, not GC, ended the thread
  }

  @Test
  void jvmThreadsAndTheCallerAreNotWaitedFor() {
    assertThat(ExitWait.inNative())
        .noneMatch(t -> t == Thread.currentThread())
        .noneMatch(t -> t.getName().equals("Reference Handler"));
  }
}
