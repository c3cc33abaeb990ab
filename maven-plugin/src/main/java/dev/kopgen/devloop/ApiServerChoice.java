package dev.kopgen.devloop;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which API server the dev loop starts, and why: decided from {@code kopgen.dev.apiServer} and
 * whether kube-api-test's binaries are installed, before anything starts.
 *
 * @param real whether it is the real kube-apiserver (else the fabric8 mock)
 * @param versionDir the complete binaries directory, for the real server
 * @param reason why this one, for the user
 */
public record ApiServerChoice(boolean real, Optional<Path> versionDir, String reason) {

  /**
   * Decides.
   *
   * @param mode what the user asked for
   * @param binariesDir kube-api-test's directory (holding {@code k8s/<version>-<os>-<arch>/})
   * @throws DevLoopException when the real server is required and its binaries are missing
   */
  public static ApiServerChoice choose(ApiServerMode mode, Path binariesDir) {
    if (mode == ApiServerMode.MOCK) {
      return new ApiServerChoice(false, Optional.empty(), "asked for (kopgen.dev.apiServer=mock)");
    }
    Optional<Path> found = KubeApiTestBinaries.newestComplete(binariesDir);
    if (found.isPresent()) {
      String why = mode == ApiServerMode.REAL
          ? "asked for (kopgen.dev.apiServer=real)"
          : "kube-api-test binaries found";
      return new ApiServerChoice(true, found, why + " in " + found.get());
    }
    String missing = "no complete set of etcd, kube-apiserver and kubectl under "
        + binariesDir.resolve("k8s").resolve("<version>-<os>-<arch>");
    if (mode == ApiServerMode.REAL) {
      throw new DevLoopException(
          "kopgen.dev.apiServer=real, but there is " + missing + ". Put the binaries there"
              + " (kopgen's it/apiserver/build.sh builds them), point -Dkopgen.apiserver.dir (or"
              + " KUBE_API_TEST_DIR) at the directory holding k8s/, or use"
              + " -Dkopgen.dev.apiServer=mock");
    }
    return new ApiServerChoice(
        false,
        Optional.empty(),
        missing + " (-Dkopgen.apiserver.dir or KUBE_API_TEST_DIR points elsewhere)");
  }
}
