package dev.kopgen.devloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFilesTest {

  @TempDir Path dir;

  @Test
  void takesYamlFilesDirectlyInTheDirectorySortedWithoutTheExcludedOnes() throws IOException {
    for (String f : List.of("b.yaml", "a.yml", "big-load.yaml", "notes.txt", "Kustomization")) {
      Files.writeString(dir.resolve(f), "");
    }
    Files.createDirectories(dir.resolve("nested"));
    Files.writeString(dir.resolve("nested/c.yaml"), "");

    assertThat(SampleFiles.select(dir, List.of(" big-*.yaml", "")))
        .containsExactly(dir.resolve("a.yml"), dir.resolve("b.yaml"));
  }

  @Test
  void aMissingDirectoryHasNoSamples() {
    assertThat(SampleFiles.select(dir.resolve("src/main/k8s"), List.of())).isEmpty();
  }

  @Test
  void aFileInsteadOfADirectoryIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("sample.yaml"), "");

    assertThatThrownBy(() -> SampleFiles.select(file, List.of()))
        .isInstanceOf(DevLoopException.class)
        .hasMessage(
            "kopgen.dev.samples="
                + file
                + " is a file: point it at the directory holding"
                + " the sample resources");
  }

  @Test
  void anInvalidGlobIsRefused() {
    assertThatThrownBy(() -> SampleFiles.select(dir, List.of("[a-")))
        .isInstanceOf(DevLoopException.class)
        .hasMessageStartingWith("kopgen.dev.excludes: '[a-' is not a file name pattern (")
        .hasMessageEndingWith("); write globs such as big-*.yaml");
  }
}
