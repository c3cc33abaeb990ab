package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    assertThat(KubeApiTestBinaries.directory("/opt/k", "/env/k", "/home/u"))
        .isEqualTo(Path.of("/opt/k"));
    assertThat(KubeApiTestBinaries.directory(" ", "/env/k", "/home/u"))
        .isEqualTo(Path.of("/env/k"));
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

  private static final ApiServerChoice.GoBuild NO_BUILD =
      (d, go) -> {
        throw new AssertionError("no Go build expected");
      };

  @Test
  void theRealServerIsTheDefaultAndItsBinariesAreUsedWithoutBuilding() throws Exception {
    Path v = complete("1.34.4-linux-amd64");

    ApiServerChoice choice =
        ApiServerChoice.choose(
            ApiServerMode.parse(""), dir, Optional.of(Path.of("/usr/bin/go")), NO_BUILD);

    assertThat(choice.real()).isTrue();
    assertThat(choice.versionDir()).contains(v);
    assertThat(choice.reason()).isEqualTo("kube-api-test binaries found in " + v);
  }

  @Test
  void missingBinariesAreBuiltWithGoIntoTheSameDirectoryThenUsed() throws Exception {
    versionDir("1.34.4-linux-amd64", "etcd"); // incomplete: not enough
    List<String> builds = new ArrayList<>();
    Path go = Path.of("/opt/go/bin/go");

    ApiServerChoice choice =
        ApiServerChoice.choose(
            ApiServerMode.REAL,
            dir,
            Optional.of(go),
            (d, g) -> {
              builds.add(d + " with " + g);
              try {
                complete("1.34.4-linux-amd64");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    assertThat(builds).containsExactly(dir + " with " + go);
    assertThat(choice.real()).isTrue();
    assertThat(choice.versionDir()).contains(dir.resolve("k8s/1.34.4-linux-amd64"));
    assertThat(choice.reason())
        .startsWith(
            "built from Go modules with /opt/go/bin/go into "
                + dir.resolve("k8s/1.34.4-linux-amd64"));
  }

  @Test
  void aGoBuildThatLeavesNoBinariesFails() {
    assertThatThrownBy(
            () ->
                ApiServerChoice.choose(
                    ApiServerMode.REAL, dir, Optional.of(Path.of("/opt/go/bin/go")), (d, g) -> {}))
        .isInstanceOf(DevLoopException.class)
        .hasMessage(
            "the Go build ended, but there is still no complete set of etcd,"
                + " kube-apiserver and kubectl under "
                + dir.resolve("k8s/<version>-<os>-<arch>")
                + " (see its output above)");
  }

  @Test
  void withoutBinariesAndWithoutGoItFailsSayingExactlyWhatToInstall() {
    // The versions come from the go.mod the plugin ships (it/apiserver's).
    assertThatThrownBy(
            () -> ApiServerChoice.choose(ApiServerMode.REAL, dir, Optional.empty(), NO_BUILD))
        .isInstanceOf(DevLoopException.class)
        .hasMessageStartingWith(
            "no complete set of etcd, kube-apiserver and kubectl under "
                + dir.resolve("k8s/<version>-<os>-<arch>")
                + ", and no go on the PATH to build"
                + " them. Either:\n  - install Go 1.")
        .hasMessageContaining(
            " or newer (https://go.dev/dl/) with a reachable Go module proxy"
                + " and rerun: kopgen:dev then builds them for Kubernetes v1.")
        .hasMessageContaining(
            "  - put etcd, kube-apiserver and kubectl into "
                + dir.resolve("k8s/<X.Y.Z>-<os>-<arch>"))
        .hasMessageContaining("-Dkopgen.apiserver.dir (or KUBE_API_TEST_DIR)")
        .hasMessageEndingWith(
            "  - use the fabric8 mock with -Dkopgen.dev.apiServer=mock,"
                + " knowing it has no RBAC and answers server-side apply with 415 (see"
                + " docs/dev-loop.md)");
  }

  @Test
  void mockIsTakenOnlyWhenAskedForEvenWithBinaries() throws Exception {
    complete("1.34.4-linux-amd64");

    ApiServerChoice choice =
        ApiServerChoice.choose(ApiServerMode.MOCK, dir, Optional.empty(), NO_BUILD);

    assertThat(choice.real()).isFalse();
    assertThat(choice.reason())
        .isEqualTo(
            "asked for (kopgen.dev.apiServer=mock);"
                + " server-side apply and RBAC do not work on it");
  }

  @Test
  void modesParseInAnyCaseAndAnythingElseIsRefused() {
    assertThat(ApiServerMode.parse("Real")).isEqualTo(ApiServerMode.REAL);
    assertThat(ApiServerMode.parse("MOCK")).isEqualTo(ApiServerMode.MOCK);
    assertThat(ApiServerMode.parse(null)).isEqualTo(ApiServerMode.REAL);
    assertThatThrownBy(() -> ApiServerMode.parse("auto"))
        .isInstanceOf(DevLoopException.class)
        .hasMessage("kopgen.dev.apiServer='auto' is not one of real, mock");
  }
}
