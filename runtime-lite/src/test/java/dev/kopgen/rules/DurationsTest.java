package dev.kopgen.rules;

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
  @ValueSource(
      strings = {"", "15", "s", "1.5s", "-1s", "15 s", "15sec", "1d", "PT15S", "30s1m", "1m1m"})
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8761h",
        "8760h1ms",
        "31536000001ms",
        "999999999999999999h", // overflows Duration itself
        "99999999999999h", // overflows toMillis()
        "9223372036854775807h1ms",
        "9223372036854775808s", // not even a long
        "2562047788015h13m" // overflows the sum, not a part
      })
  void rejectsDurationsLongerThanTheBoundWithoutOverflowing(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'"
                + text
                + "' is longer than 8760h, the longest duration kopgen accepts: no timeout,"
                + " lease or retry period needs more, and longer ones overflow the arithmetic and"
                + " the Kubernetes fields they end up in");
  }

  @Test
  void acceptsTheBoundItself() {
    assertThat(Durations.parse("8760h")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("8759h59m59s999ms")).isEqualTo(Durations.MAX.minusMillis(1));
    // Every accepted duration survives the conversions the runtime and manifests make.
    assertThat(Durations.MAX.multipliedBy(4).toNanos()).isPositive();
    assertThat(Durations.MAX.toSeconds()).isLessThan(Integer.MAX_VALUE);
  }
}
