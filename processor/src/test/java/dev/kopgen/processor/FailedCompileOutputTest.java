package dev.kopgen.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.kopgen.processor.KopgenCompiler.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compilation that fails, on kopgen's errors or on javac's own found after processing, leaves
 * none of kopgen's output behind: no generated source, no {@code operator.properties}. Runs javac
 * with real output directories, since compile-testing keeps output in memory.
 */
class FailedCompileOutputTest {

  @TempDir Path sources;
  @TempDir Path classes;
  private final List<String> errors = new ArrayList<>();

  private boolean compile(JavaFileObject... inputs) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaCompiler.CompilationTask task =
        javac.getTask(
            null,
            null,
            d -> {
              if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(null));
              }
            },
            List.of(
                "-classpath", System.getProperty("java.class.path"),
                "-s", sources.toString(),
                "-d", classes.toString()),
            null,
            List.of(inputs));
    task.setProcessors(List.of(new KopgenProcessor()));
    return task.call();
  }

  private List<String> kopgenOutput() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path dir : List.of(sources, classes)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile)
            .map(p -> dir.relativize(p).toString().replace('\\', '/'))
            .filter(
                p ->
                    p.endsWith("_KopgenController.java")
                        || p.endsWith("KopgenOperator.java")
                        || p.equals("META-INF/kopgen/operator.properties"))
            .forEach(found::add);
      }
    }
    return found;
  }

  @Test
  void javacErrorInAMethodBodyFoundAfterProcessingTakesBackWhatKopgenWrote() throws IOException {
    // javac finds this only when it analyses the class, after the last processing round, when
    // kopgen has written its sources and the descriptor already.
    boolean ok =
        compile(
            Samples.MINIMAL,
            source(
                "com.example.Broken",
                "package com.example;",
                "class Broken {",
                "  int x = \"s\";",
                "}"));
    assertThat(ok).isFalse();
    assertThat(errors).contains("incompatible types: java.lang.String cannot be converted to int");
    assertWithMessage("kopgen's output after a failed compilation").that(kopgenOutput()).isEmpty();
  }

  @Test
  void missingTypeReportedAfterTheLastRoundWritesNoDescriptor() throws IOException {
    boolean ok =
        compile(
            Samples.MINIMAL,
            source(
                "com.example.Broken",
                "package com.example;",
                "class Broken {",
                "  Missing m;",
                "}"));
    assertThat(ok).isFalse();
    assertThat(errors.get(0)).startsWith("cannot find symbol");
    assertWithMessage("kopgen's output after a failed compilation").that(kopgenOutput()).isEmpty();
  }

  @Test
  void kopgenErrorOnOneControllerTakesBackTheOthersSources() throws IOException {
    JavaFileObject invalid =
        Samples.controller(
            "BadReconciler",
            "Secret",
            "@Controller(resource = Secret.class, reconcileTimeout = \"30\")");
    boolean ok = compile(Samples.MINIMAL, invalid);
    assertThat(ok).isFalse();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("[kopgen/Duration]");
    assertWithMessage("kopgen's output after a failed compilation").that(kopgenOutput()).isEmpty();
  }

  @Test
  void successfulCompilationKeepsEverything() throws IOException {
    // A package-info without annotations, nested and anonymous classes: javac generates no
    // class file for the first and separate ones for the others, none of which is a failure.
    boolean ok =
        compile(
            Samples.MINIMAL,
            source("com.example.package-info", "/** Docs only. */", "package com.example;"),
            source(
                "com.example.Helper",
                "package com.example;",
                "class Helper {",
                "  static class Nested {}",
                "  Runnable r = new Runnable() { public void run() {} };",
                "}"));
    assertThat(errors).isEmpty();
    assertThat(ok).isTrue();
    assertThat(kopgenOutput())
        .containsExactly(
            "com/example/ConfigMapReconciler_KopgenController.java",
            "com/example/KopgenOperator.java",
            "META-INF/kopgen/operator.properties");
  }
}
