package dev.kopgen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "15s, PT15S",
    "2m, PT2M",
    "1h30m, PT1H30M",
    "1m30s250ms, PT1M30.25S",
    "0s, PT0S",
    "90s, PT1M30S"
  })
  void parsesWhatPeopleWrite(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "15", "s", "1.5s", "-1s", "15 s", "15sec", "1d", "PT15S", "30s1m", "1m1m"})
  void rejectsAnythingElseWithAMessageThatShowsTheFormat(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void malformedTextNamesAcceptedForms() {
    assertThatThrownBy(() -> Durations.parse("15"))
        .hasMessage(
            "'15' is not a duration: write a whole number with a unit, such as \"500ms\","
                + " \"15s\", \"2m\" or \"1h30m\"");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "15s", "2m", "1h30m", "1m30s250ms", "0s", "3h"})
  void formatIsTheInverseOfParse(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  @Test
  void formatNormalisesOverflowingUnits() {
    assertThat(Durations.format(Durations.parse("90s"))).isEqualTo("1m30s");
  }
}
