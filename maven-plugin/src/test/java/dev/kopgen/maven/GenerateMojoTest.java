package dev.kopgen.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopgen.manifests.InvalidSettingsException;
import dev.kopgen.manifests.InvalidSettingsException.Problem;
import dev.kopgen.manifests.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateMojoTest {

  @Test
  void everySettingMapsToItsPomElement() {
    for (Setting s : Setting.values()) {
      String element = new GenerateMojo().pomElement(s);
      assertThat(element).as(s.name()).startsWith("<").contains(">");
      // The element is the Mojo's field name, so the message names a parameter that exists.
      String field = element.substring(1, element.indexOf('>'));
      List<String> fields = new ArrayList<>();
      for (Class<?> c = GenerateMojo.class; c != Object.class; c = c.getSuperclass()) {
        Arrays.stream(c.getDeclaredFields()).map(f -> f.getName()).forEach(fields::add);
      }
      assertThat(fields).as(s.name()).contains(field);
    }
  }

  @Test
  void configurationErrorsNameTheElementAndTheProperty() {
    String message =
        new GenerateMojo()
            .describe(
                new InvalidSettingsException(
                    List.of(
                        new Problem(Setting.REPLICAS, "replicas 3 without leader election ..."),
                        new Problem(Setting.TERMINATION_GRACE_PERIOD_SECONDS, "too short"))));
    assertThat(message)
        .isEqualTo(
            """
        kopgen: invalid plugin configuration:
          - <replicas> (kopgen.replicas): replicas 3 without leader election ...
          - <terminationGracePeriodSeconds> (kopgen.terminationGracePeriodSeconds): too short""");
  }
}
