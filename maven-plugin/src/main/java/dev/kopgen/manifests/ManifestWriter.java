package dev.kopgen.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Writes manifests so the output directory is never half-written: everything goes to a fresh
 * sibling directory first, which then replaces the old output by rename. A failure leaves the
 * previous output as it was, and stale files from an earlier build never survive.
 */
public final class ManifestWriter {

  private ManifestWriter() {}

  /**
   * Replaces {@code outputDir} with exactly {@code manifests}.
   *
   * @throws IOException if writing or renaming fails; the temporary directory is removed
   */
  public static void write(Manifests manifests, Path outputDir) throws IOException {
    Path target = outputDir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".new-");
    Path old = null;
    try {
      for (Map.Entry<String, String> f : manifests.files().entrySet()) {
        Path file = staging.resolve(f.getKey()).normalize();
        if (!file.startsWith(staging)) {
          throw new IllegalArgumentException(
              "manifest path escapes the output directory: " + f.getKey());
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      }
      if (Files.exists(target)) {
        old = parent.resolve("." + target.getFileName() + ".old-" + staging.getFileName());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      staging = null;
    } finally {
      if (staging != null) {
        deleteRecursively(staging);
        if (old != null && !Files.exists(target)) {
          Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the previous output back
          old = null;
        }
      }
      if (old != null) {
        deleteRecursively(old);
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
