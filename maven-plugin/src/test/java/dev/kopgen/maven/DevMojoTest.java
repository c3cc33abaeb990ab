package dev.kopgen.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.manifests.InvalidSettingsException;
import dev.kopgen.manifests.InvalidSettingsException.Problem;
import dev.kopgen.manifests.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevMojoTest {

  @Test
  void configurationErrorsNameTheDevLoopsOwnNamespaceAndGeneratesOtherElements() {
    String message =
        new DevMojo()
            .describe(
                new InvalidSettingsException(
                    List.of(
                        new Problem(Setting.NAMESPACE, "not a DNS label"),
                        new Problem(Setting.LABELS, "bad label"))));
    assertThat(message)
        .isEqualTo(
            """
        kopgen dev: invalid plugin configuration:
          - <devNamespace> (kopgen.dev.namespace): not a DNS label
          - <labels>: bad label""");
  }

  @Test
  void bothGoalsShareOneBaseAndItsParameters() {
    assertThat(AbstractKopgenMojo.class).isAssignableFrom(DevMojo.class);
    assertThat(AbstractKopgenMojo.class).isAssignableFrom(GenerateMojo.class);
    for (String shared :
        List.of("name", "crdClasses", "skipCrds", "labels", "classesDirectory", "project")) {
      assertThat(List.of(DevMojo.class.getDeclaredFields()).stream().map(f -> f.getName()))
          .as("DevMojo re-declares %s", shared)
          .doesNotContain(shared);
      assertThat(List.of(GenerateMojo.class.getDeclaredFields()).stream().map(f -> f.getName()))
          .as("GenerateMojo re-declares %s", shared)
          .doesNotContain(shared);
    }
  }
}
