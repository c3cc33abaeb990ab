package dev.kopgen.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Signals are tested in child JVMs whose dispositions the test sets: a signal ignored when a JVM
 * starts is inherited by everything it starts, so a build running under {@code nohup} (SIGHUP
 * ignored) used to fail here, and would still if the test raised the signal in its own JVM. The
 * child is started through coreutils' {@code env --default-signal} / {@code --ignore-signal}, or
 * perl where env lacks them.
 */
class SignalsTest {

  /** Entry point of the child JVM: installs a handler for args[0] and raises it. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      CountDownLatch received = new CountDownLatch(1);
      Signals.Outcome outcome = Signals.install(args[0], received::countDown);
      System.out.println("outcome " + outcome);
      if (outcome == Signals.Outcome.INSTALLED) {
        Class<?> signal = Class.forName("sun.misc.Signal");
        signal
            .getMethod("raise", signal)
            .invoke(null, signal.getConstructor(String.class).newInstance(args[0]));
        System.out.println(received.await(10, TimeUnit.SECONDS) ? "received" : "not received");
      }
    }
  }

  private static List<String> child(String disposition, String signal)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm =
        List.of(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(), signal);
    List<String> command = new ArrayList<>();
    if (envSupports(disposition)) {
      command.addAll(List.of("env", "--" + disposition + "-signal=" + signal));
    } else {
      String perl = disposition.equals("default") ? "DEFAULT" : "IGNORE";
      command.addAll(List.of("perl", "-e", "$SIG{" + signal + "}='" + perl + "'; exec @ARGV"));
    }
    command.addAll(jvm);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  private static boolean envSupports(String disposition) {
    try {
      Process p = new ProcessBuilder("env", "--" + disposition + "-signal=HUP", "true").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void anInstalledHandlerRunsWhenTheSignalArrives() throws Exception {
    // SIGHUP rather than SIGTERM, in a child whose SIGHUP is at its default whatever the
    // build's own (nohup ignores it).
    assertThat(child("default", "HUP")).containsExactly("outcome INSTALLED", "received");
  }

  @Test
  void aSignalIgnoredAtStartIsReportedAsIgnoredNotAsInstalled() throws Exception {
    // What nohup does to SIGHUP: the JVM keeps it ignored and would never call the handler.
    assertThat(child("ignore", "HUP")).containsExactly("outcome IGNORED");
    assertThat(child("ignore", "INT")).containsExactly("outcome IGNORED");
  }

  @Test
  void aSignalThatCannotBeHandledIsReportedNotThrown() {
    assertThat(Signals.handle("NO-SUCH-SIGNAL", () -> {})).isFalse();
    assertThat(Signals.install("NO-SUCH-SIGNAL", () -> {})).isEqualTo(Signals.Outcome.UNAVAILABLE);
  }
}
