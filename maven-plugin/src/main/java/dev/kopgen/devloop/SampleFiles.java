package dev.kopgen.devloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample resources the dev loop applies: every {@code *.yaml} and {@code *.yml} file directly
 * in the samples directory (not in subdirectories, as {@code kubectl apply -f <dir>}), sorted by
 * name, without those whose file name matches one of the exclude globs.
 */
public final class SampleFiles {

  private SampleFiles() {}

  /**
   * Selects the sample files.
   *
   * @param dir the samples directory; a missing one has no samples
   * @param excludes glob patterns on file names, e.g. {@code big-*.yaml}
   * @throws DevLoopException when {@code dir} is a file or an exclude is not a valid glob
   */
  public static List<Path> select(Path dir, List<String> excludes) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    if (!Files.isDirectory(dir)) {
      throw new DevLoopException(
          "kopgen.dev.samples="
              + dir
              + " is a file: point it at the directory holding the sample"
              + " resources");
    }
    List<PathMatcher> matchers =
        excludes.stream()
            .map(String::trim)
            .filter(g -> !g.isEmpty())
            .map(SampleFiles::matcher)
            .toList();
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml");
              })
          .filter(p -> matchers.stream().noneMatch(m -> m.matches(p.getFileName())))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static PathMatcher matcher(String glob) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new DevLoopException(
          "kopgen.dev.excludes: '"
              + glob
              + "' is not a file name pattern ("
              + e.getMessage()
              + "); write globs such as big-*.yaml");
    }
  }
}
