package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.rules.ImageRules.JvmFlag;
import org.junit.jupiter.api.Test;

class ImageRulesTest {

  @Test
  void theUserIsTheNonRootUidAndGidInJibsForm() {
    assertThat(ImageRules.USER_ID).isEqualTo(65532);
    assertThat(ImageRules.GROUP_ID).isEqualTo(65532);
    assertThat(ImageRules.user()).isEqualTo("65532:65532");
  }

  @Test
  void everyFlagIsOneJvmFlagWithAReason() {
    assertThat(ImageRules.jvmFlags())
        .isNotEmpty()
        .allSatisfy(
            f -> {
              assertThat(f.flag()).startsWith("-XX:").doesNotContain(",", " ");
              assertThat(f.reason()).isNotBlank();
            });
    assertThat(ImageRules.jvmFlagStrings())
        .containsExactly(
            "-XX:MaxRAMPercentage=50", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
        .doesNotHaveDuplicates();
    assertThat(ImageRules.describeJvmFlags())
        .isEqualTo("-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void theMemoryLimitCommentNamesTheHeapFlag() {
    assertThat(ImageRules.memoryLimitReason())
        .contains(ImageRules.HEAP_PERCENT_OF_LIMIT + " %")
        .contains(ImageRules.jvmFlagStrings().get(0));
  }

  @Test
  void aFlagJibWouldSplitOrJavaWouldNotTakeIsRefused() {
    // Jib splits jib.container.jvmFlags at commas; java takes each flag as one argument.
    assertThatThrownBy(() -> new JvmFlag("-XX:Foo=a,b", "r")).hasMessageContaining("-XX:Foo=a,b");
    assertThatThrownBy(() -> new JvmFlag("-Xss1m -Xmx1g", "r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JvmFlag("Xss1m", "r"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
