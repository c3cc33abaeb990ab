package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go module the plugin ships to build the real API server in a user's project: it is kopgen's
 * own it/apiserver, extracted into a cache, and built by its build.sh into kube-api-test's
 * directory. The build itself takes minutes, so it runs here only where its stamp makes it a no-op:
 * that still runs the shipped build.sh, from the extracted directory, on the directory given.
 */
class ApiServerModuleTest {

  /** kopgen's own module, the one source of what the plugin ships. */
  private static final Path SOURCE = Path.of("../it/apiserver");

  @TempDir Path dir;

  private static Map<String, byte[]> sourceFiles() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (String f : List.of("build.sh", "go.mod", "go.sum")) {
      files.put(f, Files.readAllBytes(SOURCE.resolve(f)));
    }
    try (Stream<Path> mains = Files.list(SOURCE.resolve("cmd"))) {
      for (Path m : mains.toList()) {
        files.put("cmd/" + m.getFileName() + "/main.go", Files.readAllBytes(m.resolve("main.go")));
      }
    }
    return files;
  }

  private static Map<String, String> text(Map<String, byte[]> files) {
    Map<String, String> t = new TreeMap<>();
    files.forEach((k, v) -> t.put(k, new String(v, StandardCharsets.UTF_8)));
    return t;
  }

  @Test
  void theShippedModuleIsExactlyKopgensOwnItApiserver() throws IOException {
    Map<String, byte[]> shipped = ApiServerModule.files();

    assertThat(shipped.keySet())
        .contains(
            "build.sh",
            "go.mod",
            "go.sum",
            "cmd/etcd/main.go",
            "cmd/kube-apiserver/main.go",
            "cmd/kubectl/main.go");
    assertThat(text(shipped)).isEqualTo(text(sourceFiles()));
    assertThat(ApiServerModule.kubernetesVersion(shipped)).matches("v1\\.\\d+\\.\\d+");
    assertThat(ApiServerModule.goVersion(shipped)).matches("1\\.\\d+(\\.\\d+)?");
  }

  @Test
  void theModuleIsReadFromThePluginJarAsMavenRunsIt() throws IOException {
    // The plugin's classes directory packed as its jar is (same entry names).
    Path classes = Path.of("target/classes");
    Path jar = dir.resolve("kopgen-maven-plugin.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> all = Files.walk(classes)) {
      for (Path p : all.sorted().toList()) {
        String name = classes.relativize(p).toString().replace('\\', '/');
        if (name.isEmpty()) {
          continue;
        }
        if (Files.isDirectory(p)) {
          out.putNextEntry(new JarEntry(name + "/"));
        } else {
          out.putNextEntry(new JarEntry(name));
          out.write(Files.readAllBytes(p));
        }
        out.closeEntry();
      }
    }

    assertThat(text(ApiServerModule.files(jar))).isEqualTo(text(sourceFiles()));
  }

  @Test
  void extractingWritesTheModuleNextToK8sRewritesOnlyWhatDiffersAndDropsStaleFiles()
      throws IOException {
    Map<String, byte[]> shipped = ApiServerModule.files();
    Path module = ApiServerModule.extract(shipped, dir);

    assertThat(module).isEqualTo(dir.resolve("kopgen-apiserver-module"));
    for (Map.Entry<String, byte[]> f : sourceFiles().entrySet()) {
      assertThat(module.resolve(f.getKey())).hasBinaryContent(f.getValue());
    }

    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1));
    Files.setLastModifiedTime(module.resolve("go.sum"), old);
    Files.writeString(module.resolve("go.mod"), "changed by hand");
    Files.writeString(module.resolve("cmd/etcd/stale.go"), "package main");

    ApiServerModule.extract(shipped, dir);

    assertThat(Files.getLastModifiedTime(module.resolve("go.sum"))).isEqualTo(old);
    assertThat(module.resolve("go.mod")).hasBinaryContent(shipped.get("go.mod"));
    assertThat(module.resolve("cmd/etcd/stale.go")).doesNotExist();
  }

  @Test
  void theBuildRunsTheExtractedBuildShOnKubeApiTestsDirectory() {
    Path module = dir.resolve("kopgen-apiserver-module");
    assertThat(ApiServerModule.buildCommand(module, Path.of("/home/u/.kubeapitest")))
        .containsExactly("bash", module.resolve("build.sh").toString(), "/home/u/.kubeapitest");
  }

  @Test
  void theShippedBuildRunsFromTheCacheAndIsSkippedWhenItsStampIsCurrent() throws Exception {
    Map<String, byte[]> shipped = ApiServerModule.files();
    Path module = ApiServerModule.extract(shipped, dir);
    // The state kopgen's own build leaves (or a first kopgen:dev): the binaries and the stamp of
    // this very module, computed by the same command build.sh uses.
    String arch =
        switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> System.getProperty("os.arch");
        };
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    Path out =
        Files.createDirectories(
            dir.resolve("k8s")
                .resolve(
                    ApiServerModule.kubernetesVersion(shipped).substring(1)
                        + "-"
                        + os
                        + "-"
                        + arch));
    for (String b : List.of("etcd", "kube-apiserver", "kubectl")) {
      Files.writeString(out.resolve(b), "#!/bin/sh\n");
      Files.setPosixFilePermissions(out.resolve(b), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Process hash =
        new ProcessBuilder(
                "bash",
                "-c",
                "sha256sum go.mod go.sum cmd/*/main.go build.sh | sha256sum | cut -d' ' -f1")
            .directory(module.toFile())
            .start();
    String stamp = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(hash.waitFor()).isZero();
    Files.writeString(out.resolve(".kopgen-build-stamp"), stamp);
    List<String> log = new CopyOnWriteArrayList<>();
    DevLog devLog =
        new DevLog() {
          @Override
          public void info(String line) {
            log.add(line);
            System.out.println(line);
          }

          @Override
          public void warn(String line) {
            log.add("WARN " + line);
          }
        };

    // A go that does not exist: with a current stamp build.sh never calls it.
    ApiServerChoice.shippedModule(devLog).build(dir, dir.resolve("no-go/go"));

    assertThat(log.get(0))
        .startsWith(
            "kopgen dev: building etcd, kube-apiserver and kubectl for"
                + " Kubernetes "
                + ApiServerModule.kubernetesVersion(shipped)
                + " from Go modules with "
                + dir.resolve("no-go/go"));
    assertThat(log.get(0)).endsWith("bash " + module.resolve("build.sh") + " " + dir);
    assertThat(log)
        .contains(
            "[apiserver build] Kubernetes "
                + ApiServerModule.kubernetesVersion(shipped)
                + " (staging "
                + "v0."
                + ApiServerModule.kubernetesVersion(shipped).substring(3)
                + ") -> "
                + out,
            "[apiserver build] Binaries are current (stamp matches); nothing to do.");
  }
}
