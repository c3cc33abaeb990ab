package dev.kopgen.devloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where fabric8 kube-api-test keeps etcd, kube-apiserver and kubectl, and which version directory
 * is complete.
 *
 * <p>The same lookup as the {@code it} module's {@code TestApiServer} (same directory, same
 * precedence, same choice of version), duplicated on purpose: the plugin is built before the {@code
 * it} module and must not depend on a test fixture, the fixture must not drag the Maven plugin into
 * every generated project's test classpath, and the one module both share, runtime-lite, ships
 * inside every operator image, where a test-server lookup has no place. Change both together.
 */
public final class KubeApiTestBinaries {

  /** kube-api-test's environment variable for the directory. */
  public static final String DIR_ENV = "KUBE_API_TEST_DIR";

  /** The binaries every version directory must hold. */
  static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kubectl");

  private KubeApiTestBinaries() {}

  /**
   * The directory holding {@code k8s/<version>-<os>-<arch>/}: {@code configured} if set, else
   * {@value #DIR_ENV}, else {@code ~/.kubeapitest}.
   */
  public static Path directory(String configured, String fromEnvironment, String userHome) {
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured.trim());
    }
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Path.of(fromEnvironment.trim());
    }
    return Path.of(userHome, ".kubeapitest");
  }

  /**
   * The newest version directory under {@code <dir>/k8s} that holds all three binaries, executable.
   * kube-api-test itself would take the newest directory even when it is incomplete, so the dev
   * loop names the version explicitly.
   */
  public static Optional<Path> newestComplete(Path dir) {
    Path k8s = dir.resolve("k8s");
    if (!Files.isDirectory(k8s)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(k8s)) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+-.+"))
          .filter(p -> BINARIES.stream().allMatch(b -> Files.isExecutable(p.resolve(b))))
          .max(Comparator.comparing(p -> versionKey(version(p))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + k8s, e);
    }
  }

  /** The Kubernetes version of a version directory: {@code 1.34.4-linux-amd64} gives 1.34.4. */
  public static String version(Path versionDir) {
    String name = versionDir.getFileName().toString();
    return name.substring(0, name.indexOf('-'));
  }

  private static String versionKey(String version) {
    StringBuilder sb = new StringBuilder();
    for (String part : version.split("\\.")) {
      sb.append(String.format("%06d", Integer.parseInt(part)));
    }
    return sb.toString();
  }
}
