package dev.kopgen.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Compiles test sources with kopgen's processor the way a user's build does. */
final class KopgenCompiler {

  private KopgenCompiler() {}

  /**
   * Compiles {@code sources} with kopgen and every lint but {@code processing} (which names
   * annotations no processor claims, such as fabric8's {@code @Group} on a test's custom resource;
   * {@link StrictLintTest} covers kopgen's own).
   */
  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /** Like {@link #compile(JavaFileObject...)}, with more processors running alongside kopgen. */
  static Compilation compile(List<Processor> others, JavaFileObject... sources) {
    List<Processor> processors = new ArrayList<>(others);
    processors.add(new KopgenProcessor());
    List<JavaFileObject> inputs = new ArrayList<>(Arrays.asList(sources));
    return javac()
        .withProcessors(processors)
        .withOptions("-Xlint:all,-processing", "-encoding", "UTF-8")
        .compile(inputs);
  }

  /** A source file from lines. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }
}
