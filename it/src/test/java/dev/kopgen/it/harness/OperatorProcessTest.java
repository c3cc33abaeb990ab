package dev.kopgen.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.it.process.OperatorProcess;
import dev.kopgen.rules.PodContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator-process harness on a small JVM of its own (no API server): the pod's environment,
 * the output teed to the log file and to {@code awaitLine}, the four signals, and the exit status
 * and time.
 */
class OperatorProcessTest {

  /** Prints its pod environment, then a numbered line every 20 ms; says so when stopped. */
  public static final class Ticker {
    public static void main(String[] args) throws InterruptedException {
      System.out.println(
          "pod "
              + System.getenv(PodContract.POD_NAME_ENV)
              + " in "
              + System.getenv(PodContract.POD_NAMESPACE_ENV)
              + ", health port "
              + System.getenv(PodContract.HEALTH_PORT_ENV)
              + ", flag "
              + System.getProperty("tick"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping")));
      for (long i = 0; ; i++) {
        System.out.println("tick " + i);
        Thread.sleep(20);
      }
    }
  }

  private static OperatorProcess start(Path dir, String pod) {
    return OperatorProcess.builder(Ticker.class.getName())
        .jvmFlags(List.of("-Dtick=on", "-XX:TieredStopAtLevel=1"))
        .pod(pod, "ns-1")
        .healthPort(18123)
        .log(dir.resolve(pod + ".log"))
        .start();
  }

  @Test
  void startsAsThePodTeesItsOutputAndReportsTheExitOfSigterm(@TempDir Path dir) throws Exception {
    try (OperatorProcess p = start(dir, "ticker-0")) {
      assertThat(p.awaitLine(l -> l.startsWith("pod "), Duration.ofSeconds(60)))
          .isEqualTo("pod ticker-0 in ns-1, health port 18123, flag on");
      p.awaitLine(l -> l.equals("tick 5"), Duration.ofSeconds(30));

      long term = p.signal("TERM");
      int status = p.awaitExit(Duration.ofSeconds(30));

      assertThat(status).as("a JVM ended by SIGTERM exits 128 + 15").isEqualTo(143);
      assertThat(p.logLines()).contains("tick 5").last().isEqualTo("stopping");
      assertThat(Files.readAllLines(p.log())).isEqualTo(p.logLines());
      assertThat(p.exitedAtMicros().orElseThrow()).isGreaterThanOrEqualTo(term);
      assertThat(term).isGreaterThan(p.startedAtMicros());
      assertThat(p.exitStatus()).hasValue(143);
    }
  }

  @Test
  void sigstopFreezesTheProcessSigcontResumesItAndSigkillEndsIt(@TempDir Path dir) {
    try (OperatorProcess p = start(dir, "ticker-1")) {
      p.awaitLine(l -> l.equals("tick 3"), Duration.ofSeconds(60));

      p.pause();
      sleep(300); // lines written before the stop are drained
      int frozen = p.logLines().size();
      sleep(500);
      assertThat(p.logLines()).as("no output while stopped").hasSize(frozen);
      assertThat(p.isAlive()).isTrue();

      p.resume();
      String next = "tick " + (frozen + 2);
      p.awaitLine(l -> l.equals(next), Duration.ofSeconds(30));

      p.kill();
      assertThat(p.awaitExit(Duration.ofSeconds(30))).as("128 + 9").isEqualTo(137);
      assertThat(p.logLines()).doesNotContain("stopping");
      assertThatThrownBy(() -> p.awaitLine(l -> l.equals("never"), Duration.ofSeconds(5)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("ticker-1 exited (137)");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
