package dev.kopgen.manifests;

import static dev.kopgen.manifests.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

  @TempDir Path tmp;

  static SortedMap<String, byte[]> read(Path dir) throws IOException {
    SortedMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return files;
  }

  @Test
  void twoRunsWriteByteIdenticalFiles() throws IOException {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    ManifestWriter.write(ManifestGeneratorTest.generate(Fixtures.sharded(), settings()), first);
    // A fresh generator and fresh class loading for the second run.
    ManifestWriter.write(
        new ManifestGenerator().generate(Fixtures.sharded(), Fixtures.types(), settings()), second);
    SortedMap<String, byte[]> a = read(first);
    SortedMap<String, byte[]> b = read(second);
    assertThat(a.keySet()).isEqualTo(b.keySet()).hasSizeGreaterThan(10);
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void rewritingReplacesTheDirectoryAndDropsStaleFiles() throws IOException {
    Path out = tmp.resolve("kubernetes");
    ManifestWriter.write(ManifestGeneratorTest.generate(Fixtures.sharded(), settings()), out);
    assertThat(out.resolve("deployment-web-app-a.yaml")).exists();
    ManifestWriter.write(ManifestGeneratorTest.generate(Fixtures.elected(), settings()), out);
    assertThat(out.resolve("deployment-web-app-a.yaml")).doesNotExist();
    assertThat(out.resolve("deployment.yaml")).exists();
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertThat(siblings)
          .extracting(p -> p.getFileName().toString())
          .containsExactly("kubernetes");
    }
  }

  @Test
  void aFailedWriteLeavesThePreviousOutputWholeAndNoTemporaryFiles() throws IOException {
    Path out = tmp.resolve("kubernetes");
    ManifestWriter.write(ManifestGeneratorTest.generate(Fixtures.elected(), settings()), out);
    SortedMap<String, byte[]> before = read(out);
    Manifests bad =
        new Manifests(new TreeMap<>(Map.of("a.yaml", "a: 1\n", "z/../../escape.yaml", "b: 2\n")));
    assertThatThrownBy(() -> ManifestWriter.write(bad, out))
        .isInstanceOf(IllegalArgumentException.class);
    SortedMap<String, byte[]> after = read(out);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertThat(siblings)
          .extracting(p -> p.getFileName().toString())
          .containsExactly("kubernetes");
    }
  }
}
