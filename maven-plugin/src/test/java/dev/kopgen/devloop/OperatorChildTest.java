package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator as a child JVM: output, counting, environment, and the signals it gets. */
class OperatorChildTest {

  @TempDir Path work;

  private final List<String> output = new CopyOnWriteArrayList<>();
  private OperatorChild child;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.stop(Duration.ZERO);
    }
  }

  private void start(Map<String, String> env, String reconcilePattern) throws InterruptedException {
    List<Path> classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .toList();
    child =
        OperatorChild.start(
            Path.of(System.getProperty("java.home"), "bin", "java"),
            List.of("-XX:TieredStopAtLevel=1"),
            classpath,
            FakeOperator.class.getName(),
            env,
            work,
            output::add,
            Pattern.compile(reconcilePattern));
    awaitLine("[operator] ready");
  }

  private void start() throws InterruptedException {
    start(
        Map.of("KUBECONFIG", "/dev/null/kubeconfig", "POD_NAME", "fake-dev"),
        DevLoopSettings.DEFAULT_RECONCILE_PATTERN);
  }

  private void awaitLine(String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!output.contains(line)) {
      assertThat(System.nanoTime())
          .as("waiting for %s; output so far: %s", line, output)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void prefixesEveryLineCountsReconcilesAndSetsOnlyTheDevEnvironment() throws Exception {
    start();
    assertThat(output)
        .contains(
            "[operator] env KUBECONFIG=/dev/null/kubeconfig",
            "[operator] env KUBERNETES_AUTH_TRYSERVICEACCOUNT=false",
            "[operator] env POD_NAME=fake-dev",
            // stderr too, in order with stdout as far as the process flushed it
            "[operator] controller fake: reconcile of ns/b failed (failure 1 in a row)");
    assertThat(child.reconcileLines()).isEqualTo(2);
  }

  @Test
  void aTerminalsCtrlCDoesNotReachItButSigtermStopsItGracefullyWithItsOutputKept()
      throws Exception {
    start();
    // What Ctrl+C does to every process in the terminal's foreground group.
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
    assertThat(kill.waitFor()).isZero();
    Thread.sleep(500);
    assertThat(child.isAlive()).as("alive after SIGINT; output: %s", output).isTrue();

    OperatorChild.Stopped stopped = child.stop(Duration.ofSeconds(20));

    System.out.println(
        "[figure] fake operator exit after SIGTERM: " + stopped.took().toMillis() + " ms");
    assertThat(stopped.exitStatus()).isZero();
    assertThat(stopped.signalled()).isTrue();
    assertThat(stopped.killed()).isFalse();
    assertThat(output).doesNotContain("[operator] got SIGINT");
    // Printed after SIGTERM: Process.destroy() would have closed the pipe before these arrived.
    assertThat(output).contains("[operator] SIGTERM: draining", "[operator] shutdown complete");
  }

  @Test
  void isKilledWhenItOutlivesTheGracePeriod() throws Exception {
    start(Map.of("FAKE_OPERATOR_MODE", "stubborn"), "never");

    OperatorChild.Stopped stopped = child.stop(Duration.ofMillis(700));

    assertThat(stopped.killed()).isTrue();
    assertThat(stopped.exitStatus()).isEqualTo(137); // 128 + SIGKILL
    assertThat(output).contains("[operator] ignoring SIGTERM");
  }
}
