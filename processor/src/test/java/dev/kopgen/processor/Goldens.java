package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.TestInfo;

/**
 * Golden files for generated output, compared as exact text so formatting and comments are reviewed
 * in diffs. They live at {@code src/test/resources/goldens/<TestClass>/<method>/<binary name>.java}
 * (the descriptor as {@code operator.properties}); run with {@code -Dkopgen.updateGoldens=true} to
 * (re)write them from the current output, then review the diff.
 */
final class Goldens {

  static final String UPDATE_PROPERTY = "kopgen.updateGoldens";
  private static final Path ROOT = Paths.get("src", "test", "resources", "goldens");

  private final Path dir;

  private Goldens(Path dir) {
    this.dir = dir;
  }

  /** The goldens of the running test method. */
  static Goldens of(TestInfo test) {
    return new Goldens(
        ROOT.resolve(test.getTestClass().orElseThrow().getSimpleName())
            .resolve(test.getTestMethod().orElseThrow().getName()));
  }

  /** Asserts the generated source {@code binaryName} equals its golden, character for character. */
  void assertSource(Compilation compilation, String binaryName) {
    Optional<JavaFileObject> file = compilation.generatedSourceFile(binaryName.replace('$', '.'));
    assertWithMessage("generated source %s", binaryName).that(file.isPresent()).isTrue();
    assertMatches(contents(file.get()), binaryName + ".java");
  }

  /** Asserts the operator descriptor equals its golden. */
  void assertDescriptor(Compilation compilation) {
    Optional<JavaFileObject> file =
        compilation.generatedFile(
            StandardLocation.CLASS_OUTPUT, "", "META-INF/kopgen/operator.properties");
    assertWithMessage("operator descriptor").that(file.isPresent()).isTrue();
    assertMatches(contents(file.get()), "operator.properties");
  }

  private void assertMatches(String actual, String goldenName) {
    Path golden = dir.resolve(goldenName);
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
        return;
      }
      assertWithMessage(
              "golden file %s is missing: run the test with -D%s=true to create it from the"
                  + " current output, then review it",
              golden, UPDATE_PROPERTY)
          .that(Files.exists(golden))
          .isTrue();
      assertWithMessage(
              "%s differs from its golden %s (if the change is intended, rerun with -D%s=true and"
                  + " review the diff)",
              goldenName, golden, UPDATE_PROPERTY)
          .that(actual)
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
