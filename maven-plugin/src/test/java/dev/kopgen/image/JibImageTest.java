package dev.kopgen.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.rules.ImageRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JibImageTest {

  private final JibImage image =
      JibImage.of("registry.example.com/team/op:1.2", "com.example.KopgenOperator");

  @Test
  void jibGetsTheDeploymentsImageTheEntryPointAndTheRulesFlagsAndUser() {
    assertThat(image.jibProperties())
        .containsExactly(
            Map.entry("jib.container.jvmFlags", String.join(",", ImageRules.jvmFlagStrings())),
            Map.entry("jib.container.mainClass", "com.example.KopgenOperator"),
            Map.entry("jib.container.user", "65532:65532"),
            Map.entry("jib.to.image", "registry.example.com/team/op:1.2"));
  }

  @Test
  void nothingConflictsWithoutJibProperties() {
    assertThat(
            image.conflicts(
                Map.of("kopgen.image", "x"), Map.of("jib.from.image", "eclipse-temurin:17-jre")))
        .isEmpty();
  }

  @Test
  void theSameValueGivenAgainIsNoConflict() {
    assertThat(
            image.conflicts(
                Map.of(
                    "jib.to.image",
                    "registry.example.com/team/op:1.2",
                    "image",
                    "registry.example.com/team/op:1.2",
                    "jib.container.user",
                    "65532:65532"),
                Map.of()))
        .isEmpty();
  }

  @Test
  void aUserPropertyJibWouldPreferFailsWithWhatToSetInstead() {
    assertThat(image.conflicts(Map.of("jib.to.image", "other:1"), Map.of()))
        .containsExactly(
            "-Djib.to.image=other:1 would override kopgen's registry.example.com/team/op:1.2:"
                + " set the image with -Dkopgen.image instead, so the Deployment runs it too");
    assertThat(image.conflicts(Map.of("jib.container.user", "0"), Map.of()))
        .singleElement()
        .asString()
        .contains("runAsUser");
    assertThat(image.conflicts(Map.of("jib.container.jvmFlags", "-Xmx1g"), Map.of()))
        .singleElement()
        .asString()
        .contains("ImageRules");
  }

  @Test
  void jibReadsImageBeforeJibToImageSoItMustAgreeFromTheCommandLineOrThePom() {
    assertThat(image.conflicts(Map.of("image", "other:1"), Map.of()))
        .singleElement()
        .asString()
        .startsWith("the property 'image' (other:1)")
        .contains("-Dkopgen.image=other:1");
    assertThat(image.conflicts(Map.of(), Map.of("image", "other:1"))).hasSize(1);
    // The command line wins over the POM, as in Jib.
    assertThat(
            image.conflicts(
                Map.of("image", "registry.example.com/team/op:1.2"), Map.of("image", "other:1")))
        .isEmpty();
  }

  @Test
  void anEntrypointThatDropsMainClassAndFlagsFails() {
    assertThat(image.conflicts(Map.of(), Map.of("jib.container.entrypoint", "/bin/sh")))
        .singleElement()
        .asString()
        .contains("remove it");
  }
}
