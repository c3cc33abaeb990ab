package dev.kopgen.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorIdentityTest {

  @TempDir Path dir;

  @Test
  void identityIsThePodName() {
    assertThat(
            OperatorIdentity.identity(
                Map.of("POD_NAME", "op-7d9f-x2")::get, () -> "host", new Random()))
        .isEqualTo("op-7d9f-x2");
  }

  @Test
  void withoutAPodNameTheHostNameGetsFiveRandomLowercaseLetters() {
    String a =
        OperatorIdentity.identity(Map.of("POD_NAME", " ")::get, () -> "laptop", new Random(1));
    String b =
        OperatorIdentity.identity(Map.<String, String>of()::get, () -> "laptop", new Random(2));

    assertThat(a).matches("laptop-[a-z]{5}");
    assertThat(b).matches("laptop-[a-z]{5}");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void theRealIdentityIsNeverBlank() {
    assertThat(OperatorIdentity.identity()).isNotBlank();
    assertThat(OperatorIdentity.namespace()).isNotBlank();
  }

  @Test
  void namespaceComesFromTheEnvironmentFirst() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "from-file\n");
    assertThat(OperatorIdentity.namespace(Map.of("POD_NAMESPACE", "from-env")::get, file))
        .isEqualTo("from-env");
  }

  @Test
  void thenFromTheServiceAccountFile() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "from-file\n");
    assertThat(OperatorIdentity.namespace(Map.<String, String>of()::get, file))
        .isEqualTo("from-file");
  }

  @Test
  void thenDefault() throws Exception {
    Path empty = Files.writeString(dir.resolve("namespace"), "  \n");
    assertThat(OperatorIdentity.namespace(Map.<String, String>of()::get, dir.resolve("missing")))
        .isEqualTo("default");
    assertThat(OperatorIdentity.namespace(Map.<String, String>of()::get, empty))
        .isEqualTo("default");
  }
}
