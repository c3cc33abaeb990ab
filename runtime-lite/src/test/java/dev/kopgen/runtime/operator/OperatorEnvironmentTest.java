package dev.kopgen.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopgen.runtime.OperatorConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorEnvironmentTest {

  @TempDir Path dir;

  private OperatorEnvironment read(Map<String, String> env) {
    return OperatorEnvironment.read(
        env::get, dir.resolve("namespace"), () -> "laptop", new Random(1));
  }

  @Test
  void inAPodEverythingComesFromTheDownwardApi() {
    OperatorEnvironment e =
        read(
            Map.of(
                "POD_NAME", "widgets-7d9f-abcde",
                "POD_NAMESPACE", "widgets-system",
                "KOPGEN_HEALTH_PORT", "9090",
                "KOPGEN_SHARD", "widgets/team-a"));
    assertThat(e)
        .isEqualTo(
            new OperatorEnvironment(
                "widgets-7d9f-abcde", "widgets-system", 9090, "widgets/team-a"));
  }

  @Test
  void outsideAPodTheHostNameGetsARandomSuffixAndTheNamespaceDefaults() {
    OperatorEnvironment e = read(Map.of());
    assertThat(e.identity()).matches("laptop-[a-z]{5}");
    assertThat(e.namespace()).isEqualTo("default");
    assertThat(e.healthPort()).isEqualTo(8080);
    assertThat(e.shard()).isNull();
  }

  @Test
  void theServiceAccountNamespaceFileIsTheFallback() throws Exception {
    Files.writeString(dir.resolve("namespace"), "from-token\n");
    assertThat(read(Map.of()).namespace()).isEqualTo("from-token");
  }

  @Test
  void aBadPortSaysWhatToSet() {
    assertThatThrownBy(() -> read(Map.of("KOPGEN_HEALTH_PORT", "http")))
        .isInstanceOf(OperatorConfigurationException.class)
        .hasMessage("KOPGEN_HEALTH_PORT='http' is not a port: use a number from 1 to 65535");
  }
}
