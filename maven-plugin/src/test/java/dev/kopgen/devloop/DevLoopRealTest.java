package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.manifests.OperatorPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kopgen:dev -Dkopgen.dev.replicas=2} on the real kube-apiserver (kube-api-test's binaries
 * in {@code kopgen.apiserver.dir}, else built from the shipped Go module as a user's project
 * would): two operator JVMs as the generated ServiceAccount, one leads and reconciles, the other
 * stands by; SIGTERM to the leader, as a user's {@code kill <pid>}, and the standby takes the Lease
 * and reconciles; the loop goes on until it is stopped, and both exit 0.
 */
class DevLoopRealTest {

  private static final String NS = DevLoopSettings.DEFAULT_NAMESPACE;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static TestOperator greeter;
  private static OperatorPlan plan;

  @TempDir Path work;

  private final List<String> info = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final DevLog log =
      new DevLog() {
        @Override
        public void info(String line) {
          info.add(line);
          System.out.println(line);
        }

        @Override
        public void warn(String line) {
          warnings.add(line);
          System.out.println("WARN " + line);
        }
      };

  @BeforeAll
  static void compile() {
    greeter = TestOperator.compile("greeter");
    plan = greeter.plan(NS);
  }

  private String awaitLine(Predicate<String> matching, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line = info.stream().filter(matching).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no line " + what + " within " + WAIT + "; lines:\n" + String.join("\n", info));
  }

  @Test
  void twoReplicasOneLeadsAndAfterTheLeadersSigtermTheOtherTakesOver() throws Exception {
    Path samples = Files.createDirectories(work.resolve("samples"));
    Files.writeString(
        samples.resolve("greeting.yaml"),
        """
        apiVersion: it.kopgen.dev/v1
        kind: Greeting
        metadata:
          name: hello
        spec:
          message: hi from two replicas
        """);
    DevLoopSettings settings =
        new DevLoopSettings(
            plan,
            greeter.descriptor().entryPoint(),
            greeter.classpath(),
            "",
            samples,
            List.of(),
            NS,
            0,
            ApiServerMode.REAL,
            KubeApiTestBinaries.directory(
                System.getProperty("kopgen.apiserver.dir"),
                System.getenv(KubeApiTestBinaries.DIR_ENV),
                System.getProperty("user.home")),
            Optional.empty(),
            List.of("-XX:TieredStopAtLevel=1"),
            Pattern.compile(DevLoopSettings.DEFAULT_RECONCILE_PATTERN),
            work.resolve("kopgen-dev"),
            Path.of(System.getProperty("java.home"), "bin", "java"),
            2);
    DevLoop loop = new DevLoop(settings, log);
    long start = System.nanoTime();
    CompletableFuture<DevLoopSummary> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return loop.run();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    DevLoopSummary summary;
    try {
      // Both replicas started, as the ServiceAccount, each with its name, and both got ready.
      String pids = awaitLine(l -> l.startsWith("kopgen dev: 2 replicas ("), "naming the pids");
      Matcher m =
          Pattern.compile("greeter-dev-0 pid (\\d+), greeter-dev-1 pid (\\d+)").matcher(pids);
      assertThat(m.find()).as(pids).isTrue();
      long[] pid = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      for (int i = 0; i < 2; i++) {
        String name = "greeter-dev-" + i;
        assertThat(info)
            .anyMatch(
                l ->
                    l.startsWith(
                            "kopgen dev: starting"
                                + " com.example.greeter.KopgenOperator as ServiceAccount kopgen-dev/greeter, POD_NAME="
                                + name
                                + ", health on http://localhost:")
                        && l.endsWith("output prefixed [" + name + "]"));
        awaitLine(l -> l.startsWith("kopgen dev: " + name + " is ready after "), name + " ready");
      }

      // One leads and reconciles the sample; the other does not.
      String acquired =
          awaitLine(
              l ->
                  l.matches(
                      "\\[greeter-dev-[01]\\] .*controller greeting:"
                          + " acquired Lease .*, reconciling"),
              "acquiring the Lease");
      int leader = acquired.startsWith("[greeter-dev-0]") ? 0 : 1;
      int standby = 1 - leader;
      long tookOver = System.nanoTime();
      awaitLine(
          l ->
              l.equals(
                  "[greeter-dev-"
                      + leader
                      + "] GREETING RECONCILED kopgen-dev/hello:"
                      + " hi from two replicas"),
          "the leader's reconcile");
      assertThat(info)
          .noneMatch(
              l ->
                  l.startsWith("[greeter-dev-" + standby + "]")
                      && (l.contains("acquired Lease") || l.contains("GREETING RECONCILED")));
      assertThat(info)
          .anyMatch(
              l ->
                  l.startsWith("[greeter-dev-" + standby + "]")
                      && l.contains("campaigning for Lease"));

      // The user's `kill <pid>` of the leader: it shuts down gracefully and hands over.
      long sigterm = System.nanoTime();
      assertThat(ProcessHandle.of(pid[leader]).orElseThrow().destroy()).isTrue();
      awaitLine(
          l ->
              l.startsWith("[greeter-dev-" + standby + "]")
                  && l.contains("controller greeting: acquired Lease"),
          "the standby taking over");
      System.out.println(
          "[figure] dev loop, 2 replicas: SIGTERM to the leader until the standby"
              + " acquired the Lease (as seen in the log): "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm)
              + " ms");
      awaitLine(
          l ->
              l.equals(
                  "[greeter-dev-"
                      + standby
                      + "] GREETING RECONCILED kopgen-dev/hello:"
                      + " hi from two replicas"),
          "the new leader's reconcile");
      awaitLine(
          l ->
              l.matches(
                  "kopgen dev: replica greeter-dev-"
                      + leader
                      + " \\(pid "
                      + pid[leader]
                      + "\\) exited with status 0; 1 still running"),
          "the old leader's exit");
      assertThat(info)
          .anyMatch(
              l ->
                  l.startsWith("[greeter-dev-" + leader + "]")
                      && l.matches(".*shutdown: released 1 Lease\\(s\\) in \\d+ ms.*"));
      assertThat(running).isNotDone();
    } finally {
      loop.requestStop("the test is done");
      summary = running.get(3, TimeUnit.MINUTES);
    }
    System.out.println(
        "[figure] dev loop on the real API server, 2 replicas, hand-over: "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms in all");

    assertThat(info).anyMatch(l -> l.startsWith("kopgen dev: API server: REAL kube-apiserver,"));
    assertThat(info).contains("kopgen dev: stopping: the test is done");
    assertThat(summary.clean()).as("summary %s", summary).isTrue();
    assertThat(summary.reconcileLines()).isGreaterThanOrEqualTo(2);
    assertThat(summary.apiServer()).startsWith("the real kube-apiserver v");
    assertThat(warnings).noneMatch(l -> l.contains("killed"));
  }
}
