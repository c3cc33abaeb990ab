package dev.kopgen.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Golden files under {@code src/test/resources/goldens/<case>/}: the generated files must match
 * them byte for byte. {@code -Dkopgen.updateGoldens=true} rewrites them from the output instead,
 * for review in the diff.
 */
final class Goldens {

  private Goldens() {}

  static void assertMatches(String caseName, Manifests manifests) throws IOException {
    Path dir =
        Path.of(System.getProperty("kopgen.goldens", "src/test/resources/goldens"))
            .resolve(caseName);
    if (Boolean.getBoolean("kopgen.updateGoldens")) {
      ManifestWriter.write(manifests, dir);
      return;
    }
    assertThat(dir)
        .as("golden directory for %s (run with -Dkopgen.updateGoldens=true)", caseName)
        .isDirectory();
    SortedMap<String, String> expected = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        expected.put(
            dir.relativize(f).toString().replace('\\', '/'),
            Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    assertThat(manifests.files().keySet())
        .as("files of %s", caseName)
        .containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(manifests.files().get(e.getKey()))
          .as("%s/%s", caseName, e.getKey())
          .isEqualTo(e.getValue());
    }
  }
}
