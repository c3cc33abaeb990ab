package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/** Assertions shared by the diagnostics tests. */
final class DiagnosticAssertions {

  private DiagnosticAssertions() {}

  /**
   * An erroneous compilation must leave no half-written output behind: runs annotation processing
   * alone ({@code -proc:only}) over {@code sources} with real output directories (compile-testing
   * hides the generated files of a failed compilation) and asserts kopgen wrote neither sources nor
   * the descriptor.
   */
  static void assertNothingGenerated(JavaFileObject... sources) {
    try {
      Path sourceOut = Files.createTempDirectory("kopgen-s");
      Path classOut = Files.createTempDirectory("kopgen-d");
      List<JavaFileObject> inputs = new ArrayList<>(List.of(sources));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              null,
              diagnostic -> {}, // the diagnostics themselves are asserted elsewhere
              List.of(
                  "-proc:only",
                  "-classpath",
                  System.getProperty("java.class.path"),
                  "-s",
                  sourceOut.toString(),
                  "-d",
                  classOut.toString()),
              null,
              inputs);
      task.setProcessors(List.of(new KopgenProcessor()));
      assertWithMessage("compilation should fail").that(task.call()).isFalse();
      assertWithMessage("files kopgen wrote").that(files(sourceOut)).isEmpty();
      assertWithMessage("files kopgen wrote").that(files(classOut)).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
