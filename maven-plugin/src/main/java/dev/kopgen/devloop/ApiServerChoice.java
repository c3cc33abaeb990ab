package dev.kopgen.devloop;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which API server the dev loop starts, and why: decided from {@code kopgen.dev.apiServer}, whether
 * kube-api-test's binaries are installed and whether Go is, before anything starts.
 *
 * <p>The real kube-apiserver is the only automatic choice. Where its binaries are missing the loop
 * builds them from Go modules, or fails saying what to install; it never falls back to the mock by
 * itself, as the mock answers server-side apply with 415 and an operator using it (the archetype's
 * sample does) would fail every reconcile there.
 *
 * @param real whether it is the real kube-apiserver (else the fabric8 mock)
 * @param versionDir the complete binaries directory, for the real server
 * @param reason why this one, for the user
 */
public record ApiServerChoice(boolean real, Optional<Path> versionDir, String reason) {

  /** Builds the binaries into kube-api-test's directory from Go modules. */
  @FunctionalInterface
  public interface GoBuild {
    /**
     * @param binariesDir kube-api-test's directory (the binaries go to {@code k8s/...} in it)
     * @param go the {@code go} executable
     */
    void build(Path binariesDir, Path go) throws InterruptedException;
  }

  /**
   * The build of the module the plugin ships ({@link ApiServerModule}): extracted next to {@code
   * k8s/}, built by its {@code build.sh} with the output on {@code log}.
   */
  public static GoBuild shippedModule(DevLog log) {
    return (binariesDir, go) -> {
      Map<String, byte[]> files = ApiServerModule.files();
      Path module = ApiServerModule.extract(files, binariesDir);
      log.info(
          "kopgen dev: building etcd, kube-apiserver and kubectl for Kubernetes "
              + ApiServerModule.kubernetesVersion(files)
              + " from Go modules with "
              + go
              + " (once; a few minutes on a cold Go cache): "
              + String.join(" ", ApiServerModule.buildCommand(module, binariesDir)));
      ApiServerModule.build(module, binariesDir, go, log);
    };
  }

  /**
   * Decides, building the binaries first when they are missing and Go is installed.
   *
   * @param mode what the user asked for
   * @param binariesDir kube-api-test's directory (holding {@code k8s/<version>-<os>-<arch>/})
   * @param go the {@code go} executable on the PATH, if any
   * @param build what builds the binaries with Go
   * @throws DevLoopException when the binaries are missing and cannot be built, saying what to
   *     install
   */
  public static ApiServerChoice choose(
      ApiServerMode mode, Path binariesDir, Optional<Path> go, GoBuild build)
      throws InterruptedException {
    if (mode == ApiServerMode.MOCK) {
      return new ApiServerChoice(
          false,
          Optional.empty(),
          "asked for (kopgen.dev.apiServer=mock)"
              + "; server-side apply and RBAC do not work on it");
    }
    Optional<Path> found = KubeApiTestBinaries.newestComplete(binariesDir);
    if (found.isPresent()) {
      return new ApiServerChoice(true, found, "kube-api-test binaries found in " + found.get());
    }
    String missing =
        "no complete set of etcd, kube-apiserver and kubectl under "
            + binariesDir.resolve("k8s").resolve("<version>-<os>-<arch>");
    if (go.isPresent()) {
      build.build(binariesDir, go.get());
      Optional<Path> built = KubeApiTestBinaries.newestComplete(binariesDir);
      if (built.isEmpty()) {
        throw new DevLoopException(
            "the Go build ended, but there is still " + missing + " (see its output above)");
      }
      return new ApiServerChoice(
          true,
          built,
          "built from Go modules with " + go.get() + " into " + built.get() + " (" + missing + ")");
    }
    Map<String, byte[]> module = ApiServerModule.files();
    throw new DevLoopException(
        missing
            + ", and no go on the PATH to build them. Either:\n"
            + "  - install Go "
            + ApiServerModule.goVersion(module)
            + " or newer"
            + " (https://go.dev/dl/) with a reachable Go module proxy and rerun: kopgen:dev then"
            + " builds them for Kubernetes "
            + ApiServerModule.kubernetesVersion(module)
            + " into "
            + binariesDir
            + " (once, a few minutes); or\n"
            + "  - put etcd, kube-apiserver and kubectl into "
            + binariesDir.resolve("k8s").resolve("<X.Y.Z>-<os>-<arch>")
            + " (fabric8 kube-api-test downloads them there when it runs online), or point"
            + " -Dkopgen.apiserver.dir (or KUBE_API_TEST_DIR) at the directory holding k8s/; or\n"
            + "  - use the fabric8 mock with -Dkopgen.dev.apiServer=mock, knowing it has no RBAC"
            + " and answers server-side apply with 415 (see docs/dev-loop.md)");
  }
}
