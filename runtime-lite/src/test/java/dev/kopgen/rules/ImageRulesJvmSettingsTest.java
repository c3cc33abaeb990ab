package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.ImageRules.JvmFlag;
import dev.kopgen.rules.ImageRules.JvmSettings;
import dev.kopgen.rules.ImageRules.Unset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The JVM settings kopgen ships, sized from the container's limits. */
class ImageRulesJvmSettingsTest {

  private static final long MI = 1024 * 1024;

  private static JvmSettings settings(long memoryMi) {
    return ImageRules.jvmSettings(OptionalLong.of(memoryMi * MI), OptionalLong.empty());
  }

  @Test
  void theDefaultPodKeepsTheImagesHeapShareAndCollectorAndAddsC1Only() {
    JvmSettings s = settings(512);
    assertThat(s.flagStrings())
        .containsExactly(
            "-XX:MaxRAMPercentage=50",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");
    // jvmFlags() (the image's default) agrees with the default pod, C1 aside.
    assertThat(s.flagStrings()).containsAll(ImageRules.jvmFlagStrings());
    assertThat(s.line()).isEqualTo(String.join(" ", s.flagStrings()));
    assertThat(s.flags().get(0).reason()).contains("50 % of the 512Mi limit (256Mi)");
    assertThat(s.heapPercent()).isEqualTo(50);
  }

  @Test
  void theHeapShareIsWhatTheNonHeapAllowanceLeavesWithinBounds() {
    assertThat(ImageRules.heapPercent(OptionalLong.of(1024 * MI))).isEqualTo(75);
    assertThat(ImageRules.heapPercent(OptionalLong.of(768 * MI))).isEqualTo(66);
    assertThat(ImageRules.heapPercent(OptionalLong.of(384 * MI))).isEqualTo(33);
    assertThat(ImageRules.heapPercent(OptionalLong.of(256 * MI)))
        .isEqualTo(ImageRules.MIN_HEAP_PERCENT);
    assertThat(ImageRules.heapPercent(OptionalLong.of(8192 * MI)))
        .isEqualTo(ImageRules.MAX_HEAP_PERCENT);
    assertThat(ImageRules.heapPercent(OptionalLong.empty()))
        .isEqualTo(ImageRules.HEAP_PERCENT_OF_LIMIT);
    // Never more heap than the limit minus the allowance, where the bounds allow.
    for (long mi = 384; mi <= 1024; mi += 64) {
      long heap = mi * MI * ImageRules.heapPercent(OptionalLong.of(mi * MI)) / 100;
      assertThat(mi * MI - heap)
          .as("%d Mi", mi)
          .isGreaterThanOrEqualTo(ImageRules.NON_HEAP_ALLOWANCE_BYTES);
    }
  }

  @Test
  void aLargePodGetsG1AndKeepsC2() {
    JvmSettings s = settings(2048);
    assertThat(s.flagStrings())
        .containsExactly("-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
    assertThat(s.unset()).extracting(Unset::option).contains("-XX:TieredStopAtLevel");
    assertThat(settings(1536).flagStrings())
        .contains("-XX:+UseSerialGC")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void lessThanOneCoreMeansC1OnlyWhateverTheMemory() {
    JvmSettings s = ImageRules.jvmSettings(OptionalLong.of(4096 * MI), OptionalLong.of(500));
    assertThat(s.flagStrings()).contains("-XX:TieredStopAtLevel=1");
    assertThat(s.flags())
        .filteredOn(f -> f.flag().equals("-XX:TieredStopAtLevel=1"))
        .singleElement()
        .extracting(JvmFlag::reason)
        .asString()
        .contains("less than one core");
  }

  @Test
  void stackSizeAndProcessorCountAreLeftAloneWithAReason() {
    JvmSettings noCpuLimit = settings(512);
    assertThat(noCpuLimit.unset())
        .extracting(Unset::option)
        .containsExactly("-Xss", "-XX:ActiveProcessorCount");
    assertThat(noCpuLimit.unset().get(1).reason()).contains("idle cores");
    JvmSettings cpuLimit = ImageRules.jvmSettings(OptionalLong.of(512 * MI), OptionalLong.of(2000));
    assertThat(cpuLimit.unset().get(1).reason()).isEqualTo("the JVM reads the CPU limit itself");
  }

  @Test
  void noMemoryLimitSaysSo() {
    JvmSettings s = ImageRules.jvmSettings(OptionalLong.empty(), OptionalLong.empty());
    assertThat(s.flagStrings())
        .containsExactly(
            "-XX:MaxRAMPercentage=50",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");
    assertThat(s.flags().get(0).reason()).contains("no memory limit");
  }

  @Test
  void everyFlagIsOneFlagAndTheLimitCommentNamesTheHeapShare() {
    for (long mi : new long[] {128, 512, 1024, 4096}) {
      JvmSettings s = settings(mi);
      assertThat(s.flags()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());
      assertThat(s.flagStrings()).doesNotHaveDuplicates();
      assertThat(ImageRules.memoryLimitReason(s))
          .contains(s.heapPercent() + " %")
          .contains("-XX:MaxRAMPercentage=" + s.heapPercent());
    }
  }
}
