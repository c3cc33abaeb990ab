package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.OperatorPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kopgen.dev.replicas: how many, and each with a health port of its own. */
class DevLoopSettingsTest {

  private static DevLoopSettings settings(int healthPort, int replicas) {
    return new DevLoopSettings(
        new OperatorPlan(
            "com.example.KopgenOperator",
            ManifestSettings.defaults("x", "x:dev"),
            new java.util.TreeMap<>(),
            new java.util.TreeMap<>(),
            List.of(),
            Optional.empty(),
            dev.kopgen.rules.ImageRules.jvmSettings(
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty())),
        "com.example.KopgenOperator",
        List.of(),
        "",
        Path.of("src/main/k8s"),
        List.of(),
        DevLoopSettings.DEFAULT_NAMESPACE,
        healthPort,
        ApiServerMode.REAL,
        Path.of("/home/u/.kubeapitest"),
        Optional.empty(),
        List.of(),
        Pattern.compile(DevLoopSettings.DEFAULT_RECONCILE_PATTERN),
        Path.of("target/kopgen-dev"),
        Path.of("java"),
        replicas);
  }

  @Test
  void oneToFiveReplicasWithFreePorts() {
    assertThat(settings(0, 1).replicas()).isEqualTo(1);
    assertThat(settings(0, 5).replicas()).isEqualTo(5);
    assertThat(settings(8080, 1).healthPort()).isEqualTo(8080);
  }

  @Test
  void zeroOrTooManyReplicasAreRefused() {
    assertThatThrownBy(() -> settings(0, 0))
        .isInstanceOf(DevLoopException.class)
        .hasMessage("kopgen.dev.replicas=0: use 1 to 5");
    assertThatThrownBy(() -> settings(0, 6))
        .isInstanceOf(DevLoopException.class)
        .hasMessage("kopgen.dev.replicas=6: use 1 to 5");
  }

  @Test
  void severalReplicasCannotShareOneFixedHealthPort() {
    assertThatThrownBy(() -> settings(8080, 2))
        .isInstanceOf(DevLoopException.class)
        .hasMessage(
            "kopgen.dev.healthPort=8080 with kopgen.dev.replicas=2: each replica needs a"
                + " port of its own; leave the port at 0 (free ones)");
  }
}
