package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.manifests.ManifestYaml;
import dev.kopgen.manifests.OperatorPlan;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole dev loop on the mock API server (quick, no binaries needed), with a real kopgen
 * operator compiled by the processor and run as a child JVM. The real-server path runs in the
 * invoker IT {@code src/it/dev-loop}.
 */
class DevLoopMockTest {

  private static final String NS = DevLoopSettings.DEFAULT_NAMESPACE;
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

  private Path samples(String... fileAndContent) throws IOException {
    Path dir = Files.createDirectories(work.resolve("samples"));
    for (int i = 0; i < fileAndContent.length; i += 2) {
      Files.writeString(dir.resolve(fileAndContent[i]), fileAndContent[i + 1]);
    }
    return dir;
  }

  private static final String GREETING =
      """
      apiVersion: it.kopgen.dev/v1
      kind: Greeting
      metadata:
        name: hello
      spec:
        message: hi from the mock
      """;

  private DevLoopSettings settings(Path samples, Optional<Duration> exitAfter) {
    return new DevLoopSettings(
        plan,
        greeter.descriptor().entryPoint(),
        greeter.classpath(),
        "",
        samples,
        List.of(),
        NS,
        0,
        ApiServerMode.MOCK,
        work.resolve("no-binaries"),
        exitAfter,
        List.of("-XX:TieredStopAtLevel=1"),
        Pattern.compile(DevLoopSettings.DEFAULT_RECONCILE_PATTERN),
        work.resolve("kopgen-dev"),
        Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  @Test
  void runsTheOperatorOnTheMockReconcilesTheSampleAndStopsGracefullyAfterExitAfter()
      throws Exception {
    DevLoop loop =
        new DevLoop(
            settings(samples("greeting.yaml", GREETING), Optional.of(Duration.ofSeconds(3))), log);

    long start = System.nanoTime();
    DevLoopSummary summary = loop.run();
    System.out.println(
        "[figure] dev loop on the mock, exitAfter 3s: "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
            + " ms in all");

    assertThat(info)
        .contains(
            "kopgen dev: API server: MOCK, because asked for (kopgen.dev.apiServer=mock);"
                + " server-side apply and RBAC do not work on it",
            "kopgen dev: applied CustomResourceDefinition greetings.it.kopgen.dev",
            "kopgen dev: applied ServiceAccount kopgen-dev/greeter",
            "kopgen dev: applied sample Greeting kopgen-dev/hello  (greeting.yaml)",
            "[operator] GREETING RECONCILED kopgen-dev/hello: hi from the mock",
            "kopgen dev: stopping: kopgen.dev.exitAfter (3.0 s) passed");
    // The operator's JVM runs with the Deployment's JVM settings, as in the pod.
    assertThat(info)
        .contains(
            "[operator] Picked up JAVA_TOOL_OPTIONS: "
                + plan.workload("").orElseThrow().literalEnvironment().get("JAVA_TOOL_OPTIONS"));
    assertThat(info).noneMatch(l -> l.contains("Deployment"));
    assertThat(warnings).anyMatch(l -> l.startsWith("kopgen dev: the mock has no RBAC"));
    assertThat(info)
        .anyMatch(
            l ->
                l.startsWith(
                    "kopgen dev: starting com.example.greeter.KopgenOperator as admin (the mock has no"
                        + " ServiceAccounts), POD_NAME=greeter-dev, health on http://localhost:"));
    assertThat(summary.clean()).as("summary %s", summary).isTrue();
    assertThat(summary.reconcileLines()).isPositive();
    assertThat(summary.stopReason()).isEqualTo("kopgen.dev.exitAfter (3.0 s) passed");
    assertThat(summary.apiServer())
        .startsWith("the fabric8 mock API server (CRUD mode) at http://");
    assertThat(info)
        .anyMatch(
            l ->
                l.matches(
                    "kopgen dev: the operator exited with status 0, \\d+\\.\\d s after SIGTERM"));
    assertThat(loop.awaitFinished(Duration.ZERO)).isTrue();
  }

  @Test
  void aStopRequestFromAnotherThreadEndsTheLoopAsCtrlCWould() throws Exception {
    DevLoop loop = new DevLoop(settings(samples("greeting.yaml", GREETING), Optional.empty()), log);
    CompletableFuture<DevLoopSummary> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return loop.run();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!info.contains("kopgen dev: running; press Ctrl+C to stop")) {
      assertThat(running).as("the loop ended early; log: %s", info).isNotDone();
      assertThat(System.nanoTime()).as("never got running; log: %s", info).isLessThan(deadline);
      Thread.sleep(50);
    }

    loop.requestStop("a test (as the shutdown hook on Ctrl+C)");

    assertThat(loop.awaitFinished(Duration.ofSeconds(30))).isTrue();
    DevLoopSummary summary = running.get(5, TimeUnit.SECONDS);
    assertThat(summary.stopReason()).isEqualTo("a test (as the shutdown hook on Ctrl+C)");
    assertThat(summary.clean()).as("summary %s", summary).isTrue();
  }

  @Test
  void anInvalidSampleIsReportedAndTheRunGoesOn() throws Exception {
    // It used to end the whole run: one typo in one sample and nothing else could be tried.
    DevLoop loop =
        new DevLoop(
            settings(
                samples(
                    "a-greeting.yaml",
                    GREETING,
                    "b-broken.yaml",
                    "kind: [not, an, object",
                    "c-greeting.yaml",
                    GREETING.replace("name: hello", "name: again")),
                Optional.of(Duration.ofSeconds(3))),
            log);

    DevLoopSummary summary = loop.run();

    assertThat(warnings)
        .anyMatch(
            l ->
                l.startsWith(
                    "kopgen dev: skipped: "
                        + work.resolve("samples/b-broken.yaml")
                        + " is not Kubernetes YAML the client can read: "));
    assertThat(warnings)
        .contains(
            "kopgen dev: 1 sample object(s) or file(s) skipped (see above);"
                + " fix them and rerun, or apply them yourself with kubectl");
    assertThat(info)
        .contains(
            "kopgen dev: applied sample Greeting kopgen-dev/hello  (a-greeting.yaml)",
            "kopgen dev: applied sample Greeting kopgen-dev/again  (c-greeting.yaml)",
            "kopgen dev: stopping: kopgen.dev.exitAfter (3.0 s) passed");
    assertThat(summary.clean()).as("summary %s", summary).isTrue();
    assertThat(info)
        .anyMatch(
            l ->
                l.startsWith("kopgen dev: sending SIGTERM to the operator")
                    && l.endsWith("(its terminationGracePeriodSeconds)"));
    assertThat(loop.awaitFinished(Duration.ZERO)).isTrue();
  }

  @Test
  void theFailurePathNamesItsOwnLimitNotTheGracePeriod() throws Exception {
    // A failure once the operator runs (here: the log itself fails on one line) stops the
    // operator within the loop's own 10 s; the message used to call that the Deployment's
    // terminationGracePeriodSeconds.
    DevLog failing =
        new DevLog() {
          @Override
          public void info(String line) {
            info.add(line);
            if (line.startsWith("kopgen dev: running for ")) {
              throw new IllegalStateException("injected failure");
            }
          }

          @Override
          public void warn(String line) {
            warnings.add(line);
          }
        };
    DevLoop loop =
        new DevLoop(
            settings(samples("greeting.yaml", GREETING), Optional.of(Duration.ofSeconds(30))),
            failing);

    assertThatThrownBy(loop::run).hasMessage("injected failure");

    assertThat(info).contains("kopgen dev: stopping after a failure (reported below)");
    assertThat(info)
        .anyMatch(
            l ->
                l.startsWith("kopgen dev: sending SIGTERM to the operator")
                    && l.endsWith("waiting up to 10.0 s (the dev loop's limit after a failure)"));
    assertThat(info).noneMatch(l -> l.contains("terminationGracePeriodSeconds"));
    assertThat(loop.awaitFinished(Duration.ZERO)).isTrue();
  }

  @Test
  void theWorkloadComesFromThePlanAndAgreesWithTheGeneratedDeployment() {
    Workload main = Workload.of(plan, "");

    assertThat(main.name()).isEqualTo("greeter");
    assertThat(main.serviceAccount()).isEqualTo("greeter");
    // reconcileTimeout 10s + Lease release 2s + margin 5s, as the Deployment's grace period
    assertThat(main.gracePeriod()).isEqualTo(Duration.ofSeconds(17));
    assertThat(main.environment()).containsEntry("KOPGEN_HEALTH_PORT", "8080");
    // What the YAML the cluster gets says, read back here only to prove the two agree.
    Deployment deployment =
        new KubernetesSerialization()
            .unmarshal(ManifestYaml.render(plan).files().get("deployment.yaml"), Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(deployment.getMetadata().getName()).isEqualTo(main.name());
    assertThat(pod.getServiceAccountName()).isEqualTo(main.serviceAccount());
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(main.gracePeriod().toSeconds());
    Map<String, String> literal = new TreeMap<>();
    pod.getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> literal.put(e.getName(), e.getValue()));
    assertThat(main.environment()).isEqualTo(literal);

    assertThatThrownBy(() -> Workload.of(plan, "greeting-team-a"))
        .isInstanceOf(DevLoopException.class)
        .hasMessage(
            "there is no workload 'greeting-team-a': pick one with"
                + " -Dkopgen.dev.workload=<id>, one of []");
  }
}
