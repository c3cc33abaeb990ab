package dev.kopgen.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodContractTest {

  @Test
  void healthPortDefaultsWhenUnsetOrBlank() {
    assertThat(PodContract.healthPort(null)).isEqualTo(PodContract.DEFAULT_HEALTH_PORT);
    assertThat(PodContract.healthPort(" ")).isEqualTo(PodContract.DEFAULT_HEALTH_PORT);
    assertThat(PodContract.healthPort(" 9090 ")).isEqualTo(9090);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "http", "80.5"})
  void healthPortThatIsNotAPortSaysWhatToSet(String value) {
    assertThatThrownBy(() -> PodContract.healthPort(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "KOPGEN_HEALTH_PORT='" + value + "' is not a port: use a number from 1 to 65535");
  }

  @Test
  void portProblem() {
    assertThat(PodContract.portProblem(1)).isEmpty();
    assertThat(PodContract.portProblem(65535)).isEmpty();
    assertThat(PodContract.portProblem(0)).contains("port 0 is not between 1 and 65535");
  }

  @Test
  void theShardVariableIsTheOneWorkloadsDocuments() {
    assertThat(Workloads.SHARD_ENV).isEqualTo(PodContract.SHARD_ENV);
  }
}
