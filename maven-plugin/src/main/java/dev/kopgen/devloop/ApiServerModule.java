package dev.kopgen.devloop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The Go wrapper module that builds etcd, kube-apiserver and kubectl, shipped inside the plugin so
 * a user's {@code kopgen:dev} can build the real API server where kube-api-test's binaries are
 * missing and Go is installed.
 *
 * <p>Its one source is kopgen's {@code it/apiserver} ({@code go.mod}, {@code go.sum}, {@code
 * cmd/<binary>/main.go}, {@code build.sh}), copied into the jar under {@value #RESOURCES} at build
 * time (the plugin's pom). {@link #extract} writes it into a cache directory and {@link #build}
 * runs its {@code build.sh} there, which writes the binaries into kube-api-test's layout and stamps
 * them with the hash of the module's files: a second run, or a run after kopgen's own build built
 * the same module, does nothing.
 */
final class ApiServerModule {

  /** Where the module's files are inside the plugin (jar or classes directory). */
  static final String RESOURCES = "dev/kopgen/devloop/apiserver/";

  /** The cache directory's name, next to {@code k8s/} in kube-api-test's directory. */
  static final String CACHE_NAME = "kopgen-apiserver-module";

  /** What {@link #build} prefixes each line of the build's output with. */
  static final String PREFIX = "[apiserver build] ";

  private ApiServerModule() {}

  /** The module's files, by path relative to the module, as the plugin ships them. */
  static Map<String, byte[]> files() {
    Path location;
    try {
      location =
          Path.of(
              ApiServerModule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new DevLoopException("cannot locate the kopgen plugin's own files: " + e, e);
    }
    return files(location);
  }

  /**
   * The module's files in {@code location}: the plugin's jar (as Maven runs it) or its classes
   * directory (as its own tests run it).
   */
  static Map<String, byte[]> files(Path location) {
    Map<String, byte[]> files = new TreeMap<>();
    try {
      if (Files.isDirectory(location)) {
        Path root = location.resolve(RESOURCES);
        if (Files.isDirectory(root)) {
          try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
              files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
          }
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (JarEntry e : java.util.Collections.list(jar.entries())) {
            if (!e.isDirectory() && e.getName().startsWith(RESOURCES)) {
              try (InputStream in = jar.getInputStream(e)) {
                files.put(e.getName().substring(RESOURCES.length()), in.readAllBytes());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API server module from " + location, e);
    }
    if (!files.containsKey("build.sh") || !files.containsKey("go.mod")) {
      throw new DevLoopException(
          "the kopgen plugin at "
              + location
              + " does not ship the API"
              + " server module ("
              + RESOURCES
              + "build.sh, go.mod): a broken plugin build");
    }
    return files;
  }

  /** The Kubernetes version the module builds ({@code k8s.io/kubernetes vX.Y.Z} in go.mod). */
  static String kubernetesVersion(Map<String, byte[]> files) {
    return goModField(files, "k8s.io/kubernetes").orElse("(unknown)");
  }

  /** The Go version the module needs (its {@code go} line). */
  static String goVersion(Map<String, byte[]> files) {
    return goModField(files, "go").orElse("(unknown)");
  }

  private static Optional<String> goModField(Map<String, byte[]> files, String first) {
    String goMod = new String(files.get("go.mod"), StandardCharsets.UTF_8);
    return goMod
        .lines()
        .map(String::trim)
        .map(l -> l.split("\\s+"))
        .filter(f -> f.length >= 2 && f[0].equals(first))
        .map(f -> f[1])
        .findFirst();
  }

  /**
   * Writes the module into {@code <binariesDir>/}{@value #CACHE_NAME}, replacing what differs and
   * removing what the plugin no longer ships.
   *
   * @return the module directory
   */
  static Path extract(Map<String, byte[]> files, Path binariesDir) {
    Path dir = binariesDir.resolve(CACHE_NAME);
    try {
      Files.createDirectories(dir);
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.filter(Files::isRegularFile).toList()) {
          if (!files.containsKey(dir.relativize(p).toString().replace('\\', '/'))) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = dir.resolve(f.getKey());
        if (Files.isRegularFile(target)
            && Arrays.equals(Files.readAllBytes(target), f.getValue())) {
          continue;
        }
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the API server module into " + dir, e);
    }
    return dir;
  }

  /** The command that builds the binaries: {@code bash <module>/build.sh <binariesDir>}. */
  static List<String> buildCommand(Path module, Path binariesDir) {
    return List.of("bash", module.resolve("build.sh").toString(), binariesDir.toString());
  }

  /**
   * Runs {@link #buildCommand} in {@code module} with {@code go}'s directory first on the PATH,
   * passing each output line on with {@value #PREFIX} as it comes.
   *
   * @throws DevLoopException when it fails, with its last lines
   */
  static void build(Path module, Path binariesDir, Path go, DevLog log)
      throws InterruptedException {
    List<String> command = buildCommand(module, binariesDir);
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true);
    String path = pb.environment().getOrDefault("PATH", "");
    pb.environment()
        .put(
            "PATH",
            go.toAbsolutePath().getParent()
                + (path.isEmpty() ? "" : java.io.File.pathSeparator + path));
    Deque<String> last = new ArrayDeque<>();
    int status;
    try {
      Process process = pb.start();
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          log.info(PREFIX + line);
          last.addLast(line);
          if (last.size() > 10) {
            last.removeFirst();
          }
        }
      } finally {
        status = process.waitFor();
      }
    } catch (IOException e) {
      throw new DevLoopException(
          "cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    if (status != 0) {
      throw new DevLoopException(
          "building the API server from Go modules failed (status "
              + status
              + " of "
              + String.join(" ", command)
              + "); its last lines:\n  "
              + String.join("\n  ", new ArrayList<>(last)));
    }
  }
}
