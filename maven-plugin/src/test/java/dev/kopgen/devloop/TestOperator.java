package dev.kopgen.devloop;

import dev.kopgen.manifests.ClassLoaderKubernetesTypes;
import dev.kopgen.manifests.ManifestGenerator;
import dev.kopgen.manifests.ManifestSettings;
import dev.kopgen.manifests.OperatorPlan;
import dev.kopgen.rules.OperatorDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * A real kopgen operator for the dev loop's tests: the sources under {@code
 * src/test/operators/<name>/} compiled with kopgen's processor (on the test classpath), as a user's
 * {@code mvn compile} would.
 */
record TestOperator(Path classes, OperatorDescriptor descriptor) {

  static TestOperator compile(String name) {
    Path sources = Path.of("src/test/operators", name);
    Path classes = Path.of("target/test-operators", name, "classes");
    try {
      DevFiles.deleteRecursively(classes.getParent());
      Files.createDirectories(classes);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--release",
                  "17",
                  "-encoding",
                  "UTF-8",
                  "-classpath",
                  System.getProperty("java.class.path"),
                  "-d",
                  classes.toString()));
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(p -> p.toString().endsWith(".java"))
            .map(Path::toString)
            .sorted()
            .forEach(args::add);
      }
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int status =
          ToolProvider.getSystemJavaCompiler()
              .run(
                  null,
                  null,
                  new PrintStream(errors, true, StandardCharsets.UTF_8),
                  args.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalStateException(
            "the test operator "
                + name
                + " does not compile:\n"
                + errors.toString(StandardCharsets.UTF_8));
      }
      try (Reader r = Files.newBufferedReader(classes.resolve(OperatorDescriptor.RESOURCE))) {
        return new TestOperator(classes, OperatorDescriptor.read(r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its manifests, as kopgen:dev plans them, for {@code namespace}. */
  OperatorPlan plan(String namespace) {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, TestOperator.class.getClassLoader())) {
      return new ManifestGenerator()
          .plan(
              descriptor,
              new ClassLoaderKubernetesTypes(loader, classes),
              ManifestSettings.defaults("greeter", "greeter:dev")
                  .withNamespace(namespace)
                  // as DevMojo: the dev loop makes its namespace and has no pods to fence
                  .withCreateNamespace(false)
                  .withAdmissionFence(false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its runtime classpath: its classes, then this test classpath (runtime, fabric8, slf4j). */
  List<Path> classpath() {
    List<Path> cp = new ArrayList<>(List.of(classes));
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .forEach(cp::add);
    return cp;
  }
}
