package dev.kopgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.rules.ImageRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarked JVMs' flags: the pod's limits from the plugin's defaults, and the two modes. */
class JvmModeTest {

  @Test
  void everyJvmSeesTheDeploymentsDefaultMemoryLimit() {
    long bytes = JvmMode.bytes(ManifestSettings.DEFAULT_LIMITS.get("memory"));
    assertThat(JvmMode.bytes("512Mi")).isEqualTo(512L * 1024 * 1024);
    for (JvmMode mode : JvmMode.values()) {
      for (Framework f : Framework.values()) {
        assertThat(mode.flags(f)).as("%s, %s", mode, f).startsWith("-XX:MaxRAM=" + bytes);
      }
    }
  }

  @Test
  void aCpuLimitIsRoundedUpToWholeCpusAndNoneGivesNoActiveProcessorCount() {
    assertThat(JvmMode.wholeCpus("500m")).isEqualTo(1);
    assertThat(JvmMode.wholeCpus("1500m")).isEqualTo(2);
    assertThat(JvmMode.wholeCpus("2")).isEqualTo(2);
    assertThat(JvmMode.bytes("1Gi")).isEqualTo(1L << 30);
    String cpu = ManifestSettings.DEFAULT_LIMITS.get("cpu");
    if (cpu == null) {
      assertThat(JvmMode.containerFlags()).noneMatch(f -> f.startsWith("-XX:ActiveProcessorCount"));
    } else {
      assertThat(JvmMode.containerFlags())
          .contains("-XX:ActiveProcessorCount=" + JvmMode.wholeCpus(cpu));
    }
  }

  @Test
  void kopgensFlagsAreWhatTheDefaultDeploymentCarriesPlusTheImagesOwn() {
    ManifestSettings pod = ManifestSettings.defaults("x", "x");
    List<String> deployment =
        ImageRules.jvmSettings(pod.memoryLimitBytes(), pod.cpuLimitMillis()).flagStrings();
    assertThat(JvmMode.kopgenFlags()).startsWith(deployment.toArray(String[]::new));
    for (String f : ImageRules.jvmFlagStrings()) {
      String option = f.contains("=") ? f.substring(0, f.indexOf('=') + 1) : f;
      assertThat(JvmMode.kopgenFlags()).as(f).filteredOn(x -> x.startsWith(option)).hasSize(1);
    }
  }

  @Test
  void atDefaultsOnlyKopgenHasKopgensFlagsAtEqualSettingsEveryFrameworkHasThem() {
    for (Framework f : Framework.values()) {
      assertThat(JvmMode.KOPGEN_FLAGS.flags(f))
          .as(f.label)
          .containsSubsequence(JvmMode.kopgenFlags());
    }
    assertThat(JvmMode.DEFAULTS.flags(Framework.KOPGEN)).containsSubsequence(JvmMode.kopgenFlags());
    assertThat(JvmMode.DEFAULTS.flags(Framework.JOSDK))
        .noneMatch(f -> JvmMode.kopgenFlags().contains(f) && !f.equals("-XX:+UseSerialGC"));
  }

  @Test
  void aJvmAtItsDefaultsGetsTheCollectorHotSpotPicksInA512MiContainer() {
    // Below 1792 MiB HotSpot is not a "server-class machine" and picks Serial GC; on this host
    // it would pick G1, which the pod never runs.
    if (JvmMode.memoryLimitBytes().orElseThrow() < 1792L * 1024 * 1024) {
      assertThat(JvmMode.DEFAULTS.flags(Framework.JOSDK)).contains("-XX:+UseSerialGC");
    }
    for (JvmMode mode : JvmMode.values()) {
      for (Framework f : Framework.values()) {
        assertThat(mode.flags(f).stream().filter(x -> x.matches("-XX:\\+Use\\w+GC")))
            .as("one collector for %s, %s", mode, f)
            .hasSize(1);
      }
    }
  }
}
