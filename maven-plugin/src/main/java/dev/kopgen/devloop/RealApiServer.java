package dev.kopgen.devloop;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real kube-apiserver with its etcd, started offline through fabric8 kube-api-test from the
 * binaries in {@code <dir>/k8s/<version>-<os>-<arch>/}: real RBAC (the operator runs as its
 * ServiceAccount, so missing permissions show up as they would in a cluster), real server-side
 * apply, CRD validation. No kube-controller-manager: no garbage collection, no Deployments running
 * pods.
 *
 * <p>kube-api-test starts the binaries as children of the Maven JVM, in the terminal's process
 * group, so Ctrl+C would stop the API server at the same moment as Maven and the operator's
 * graceful shutdown (drain, Lease release) would run against a dead server. The dev loop therefore
 * hands kube-api-test a directory of its own (under {@code target/}, also holding the server's
 * certificates) whose {@code etcd} and {@code kube-apiserver} are scripts starting the real
 * binaries in a session of their own ({@code setsid}); Maven then stops them after the operator has
 * exited. Without {@code setsid} the scripts are plain links and Ctrl+C reaches the server too.
 */
final class RealApiServer implements DevApiServer {

  private final KubeAPIServer server;
  private final String version;
  private final Path binaries;
  private final Path kubeconfig;
  private final String kubeconfigYaml;
  private final boolean shielded;

  private RealApiServer(
      KubeAPIServer server,
      String version,
      Path binaries,
      Path kubeconfig,
      String yaml,
      boolean shielded) {
    this.server = server;
    this.version = version;
    this.binaries = binaries;
    this.kubeconfig = kubeconfig;
    this.kubeconfigYaml = yaml;
    this.shielded = shielded;
  }

  /**
   * Starts etcd and kube-apiserver and waits until the server is ready (typically 3–5 s).
   *
   * @param versionDir a complete {@code <version>-<os>-<arch>} directory
   * @param workDir where the server's own directory and the kubeconfig go
   */
  static RealApiServer start(Path versionDir, Path workDir) {
    String version = KubeApiTestBinaries.version(versionDir);
    Path testDir = workDir.resolve("apiserver");
    boolean shielded;
    try {
      DevFiles.deleteRecursively(testDir);
      Path own =
          Files.createDirectories(
              testDir.resolve("k8s").resolve(versionDir.getFileName().toString()));
      Optional<Path> setsid = DevFiles.onPath("setsid");
      shielded = setsid.isPresent();
      for (String binary : KubeApiTestBinaries.BINARIES) {
        Path real = versionDir.resolve(binary).toAbsolutePath();
        if (setsid.isPresent() && !binary.equals("kubectl")) {
          // exec keeps the pid: kube-api-test's destroyForcibly() reaches the binary itself
          // (setsid execs without forking, as the script is not a process group leader).
          Path script = own.resolve(binary);
          Files.writeString(
              script,
              "#!/bin/sh\n"
                  + "# kopgen:dev: a session of its own, so the terminal's Ctrl+C reaches Maven"
                  + " only\nexec "
                  + DevFiles.shellQuote(setsid.get().toString())
                  + " "
                  + DevFiles.shellQuote(real.toString())
                  + " \"$@\"\n",
              StandardCharsets.UTF_8);
          Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.createSymbolicLink(own.resolve(binary), real);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + testDir, e);
    }
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                .withApiServerVersion(version)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
    try {
      server.start();
    } catch (RuntimeException e) {
      try {
        server.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new DevLoopException(
          "the real kube-apiserver "
              + version
              + " from "
              + versionDir
              + " did not start ("
              + e.getMessage()
              + "); try -Dkopgen.dev.apiServer=mock, or -X for its output",
          e);
    }
    String yaml = server.getKubeConfigYaml();
    Path kubeconfig = workDir.resolve("kubeconfig");
    try {
      Files.writeString(kubeconfig, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException("cannot write " + kubeconfig, e);
    }
    return new RealApiServer(server, version, versionDir, kubeconfig, yaml, shielded);
  }

  @Override
  public boolean real() {
    return true;
  }

  @Override
  public String description() {
    return "the real kube-apiserver v" + version + " with etcd (binaries from " + binaries + ")";
  }

  @Override
  public List<String> limitations() {
    List<String> notes =
        new java.util.ArrayList<>(
            List.of("no kube-controller-manager: no garbage collection of owned objects, no pods"));
    if (!shielded) {
      notes.add(
          "no setsid on PATH: Ctrl+C stops the API server at once, so the operator's"
              + " Lease release may fail");
    }
    return notes;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** kubectl of the same version, for the user's own commands. */
  Path kubectl() {
    return binaries.resolve("kubectl");
  }

  @Override
  public Config adminConfig(String namespace) {
    Config config = Config.fromKubeconfig(kubeconfigYaml);
    config.setNamespace(namespace);
    return config;
  }

  @Override
  public Map<String, String> processEnvironment(String namespace, String serviceAccount) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put(
        "KUBERNETES_IMPERSONATE_USERNAME",
        "system:serviceaccount:" + namespace + ":" + serviceAccount);
    env.put(
        "KUBERNETES_IMPERSONATE_GROUP",
        "system:serviceaccounts,system:serviceaccounts:" + namespace + ",system:authenticated");
    return env;
  }

  @Override
  public void close() {
    server.stop();
  }
}
