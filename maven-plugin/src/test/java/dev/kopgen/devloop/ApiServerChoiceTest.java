package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which API server: the binaries lookup and the decision, before anything starts. */
class ApiServerChoiceTest {

  @TempDir Path dir;

  private Path versionDir(String name, String... binaries) throws IOException {
    Path v = Files.createDirectories(dir.resolve("k8s").resolve(name));
    for (String b : binaries) {
      Path f = Files.writeString(v.resolve(b), "#!/bin/sh\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return v;
  }

  private Path complete(String name) throws IOException {
    return versionDir(name, "etcd", "kube-apiserver", "kubectl");
  }

  @Test
  void theDirectoryIsTheConfiguredOneElseTheEnvironmentsElseTheHomeDefault() {
    assertThat(KubeApiTestBinaries.directory("/opt/k", "/env/k", "/home/u")).isEqualTo(Path.of("/opt/k"));
    assertThat(KubeApiTestBinaries.directory(" ", "/env/k", "/home/u")).isEqualTo(Path.of("/env/k"));
    assertThat(KubeApiTestBinaries.directory(null, null, "/home/u"))
        .isEqualTo(Path.of("/home/u/.kubeapitest"));
  }

  @Test
  void picksTheNewestCompleteVersionComparingNumbersNotText() throws IOException {
    complete("1.9.0-linux-amd64");
    Path newest = complete("1.34.4-linux-amd64");
    versionDir("1.35.0-linux-amd64", "etcd", "kube-apiserver"); // no kubectl
    Path notExecutable = versionDir("1.36.0-linux-amd64");
    Files.writeString(notExecutable.resolve("etcd"), "");
    Files.writeString(notExecutable.resolve("kube-apiserver"), "");
    Files.writeString(notExecutable.resolve("kubectl"), "");
    complete("latest");

    assertThat(KubeApiTestBinaries.newestComplete(dir)).contains(newest);
    assertThat(KubeApiTestBinaries.version(newest)).isEqualTo("1.34.4");
  }

  @Test
  void autoUsesTheRealServerWhenItsBinariesAreThere() throws IOException {
    Path v = complete("1.34.4-linux-amd64");

    ApiServerChoice choice = ApiServerChoice.choose(ApiServerMode.AUTO, dir);

    assertThat(choice.real()).isTrue();
    assertThat(choice.versionDir()).contains(v);
    assertThat(choice.reason()).isEqualTo("kube-api-test binaries found in " + v);
  }

  @Test
  void autoFallsBackToTheMockAndSaysWhereItLooked() throws IOException {
    versionDir("1.34.4-linux-amd64", "etcd");

    ApiServerChoice choice = ApiServerChoice.choose(ApiServerMode.AUTO, dir);

    assertThat(choice.real()).isFalse();
    assertThat(choice.reason()).isEqualTo(
        "no complete set of etcd, kube-apiserver and kubectl under "
            + dir.resolve("k8s/<version>-<os>-<arch>")
            + " (-Dkopgen.apiserver.dir or KUBE_API_TEST_DIR points elsewhere)");
  }

  @Test
  void realWithoutBinariesFailsSayingWhatToDo() {
    assertThatThrownBy(() -> ApiServerChoice.choose(ApiServerMode.REAL, dir))
        .isInstanceOf(DevLoopException.class)
        .hasMessageStartingWith("kopgen.dev.apiServer=real, but there is no complete set of etcd,"
            + " kube-apiserver and kubectl under " + dir.resolve("k8s/<version>-<os>-<arch>"))
        .hasMessageEndingWith("or use -Dkopgen.dev.apiServer=mock");
  }

  @Test
  void mockIsTakenWhenAskedForEvenWithBinaries() throws IOException {
    complete("1.34.4-linux-amd64");

    ApiServerChoice choice = ApiServerChoice.choose(ApiServerMode.MOCK, dir);

    assertThat(choice.real()).isFalse();
    assertThat(choice.reason()).isEqualTo("asked for (kopgen.dev.apiServer=mock)");
  }

  @Test
  void modesParseInAnyCaseAndAnythingElseIsRefused() {
    assertThat(ApiServerMode.parse("Real")).isEqualTo(ApiServerMode.REAL);
    assertThat(ApiServerMode.parse(null)).isEqualTo(ApiServerMode.AUTO);
    assertThatThrownBy(() -> ApiServerMode.parse("kind"))
        .isInstanceOf(DevLoopException.class)
        .hasMessage("kopgen.dev.apiServer='kind' is not one of auto, real, mock");
  }
}
